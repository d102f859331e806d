"""Site-wide security pieces the settings point to: login throttling and the CSP header."""

import functools

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse


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
    """CONTENT_SECURITY_POLICY_ADMIN_EXTRA plus the hash of the body editor's import map.

    The import map's text depends on the static URLs, fixed for a process's life: compute once.
    """
    from news.editor import importmap_csp_sources

    extra = {
        name: list(sources)
        for name, sources in settings.CONTENT_SECURITY_POLICY_ADMIN_EXTRA.items()
    }
    extra["script-src"] = extra.get("script-src", []) + importmap_csp_sources()
    return extra


def _is_admin(request):
    try:
        return request.path_info.startswith(reverse("admin:index"))
    except NoReverseMatch:  # a URLconf without the admin (some tests)
        return False


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, plus the admin's extra sources on /admin/ pages only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and _is_admin(request):
            parts.update = {**admin_policy_extra(), **(parts.update or {})}
        return parts
