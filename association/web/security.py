"""Site-wide security pieces the settings point to: login throttling and the CSP header."""

import functools

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.module_loading import import_string


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuse logins for a locked username+address pair; skip calls made without a request.

    Every login through the web (the admin's form) passes its request and is throttled.
    authenticate() without a request comes from code on the server (shell, tests'
    client.login), where there is no address to lock and nobody to throttle.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the one our own reverse proxy put last in XFF."""
    depth = settings.TRUSTED_PROXY_COUNT
    if depth:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= depth:
            return hops[-depth]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets: what happened, how long to wait, whom to ask."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
    }
    return render(
        request, "admin/login_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


@functools.cache
def admin_policy_extra():
    """CONTENT_SECURITY_POLICY_ADMIN_EXTRA plus the script hashes the admin's widgets ask for
    (CONTENT_SECURITY_POLICY_ADMIN_SCRIPTS: the body editor's inline import map).

    Their text depends on the static URLs, fixed for a process's life: compute once.
    """
    extra = {
        name: list(sources)
        for name, sources in settings.CONTENT_SECURITY_POLICY_ADMIN_EXTRA.items()
    }
    for path in settings.CONTENT_SECURITY_POLICY_ADMIN_SCRIPTS:
        extra["script-src"] = extra.get("script-src", []) + import_string(path)()
    return extra


@functools.cache
def _admin_prefix(urlconf):
    try:
        path = reverse("admin:index", urlconf=urlconf)
    except NoReverseMatch:  # a URLconf without the admin (some tests)
        return None
    return "/" + path.removeprefix(get_script_prefix())


def _is_admin(request):
    prefix = _admin_prefix(getattr(request, "urlconf", None) or settings.ROOT_URLCONF)
    return prefix is not None and request.path_info.startswith(prefix)


@functools.cache
def _plain_headers():
    """The CSP headers of a response with no per-view changes and no nonce, built once."""
    return [
        (name, policy)
        for name, policy in (
            (HEADER, build_policy()),
            (HEADER_REPORT_ONLY, build_policy(report_only=True)),
        )
        if policy
    ]


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "ROOT_URLCONF":
        _plain_headers.cache_clear()
        _admin_prefix.cache_clear()
        admin_policy_extra.cache_clear()


# What a view or decorator may set on a response to change or drop its policy.
_RESPONSE_OVERRIDES = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, plus the admin's extra sources on /admin/ pages only.

    Public pages all get the same policy; it is built once rather than on every response
    (building it took a third of the time of a page served from the cache).
    """

    def process_response(self, request, response):
        if not self._plain(request, response):
            return super().process_response(request, response)
        for name, policy in _plain_headers():
            if name not in response:
                response[name] = policy
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp does: asking for a nonce after the header is written is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _plain(request, response):
        """True for a response that gets the unchanged policy: no nonce, override or exclusion."""
        if settings.DEBUG or getattr(request, "_csp_nonce", None) is not None:
            return False
        if any(hasattr(response, name) for name in _RESPONSE_OVERRIDES):
            return False
        policies = (settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY)
        for policy in policies:
            if (policy or {}).get("EXCLUDE_URL_PREFIXES"):
                return False
        return not _is_admin(request)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and _is_admin(request):
            parts.update = {**admin_policy_extra(), **(parts.update or {})}
        return parts
