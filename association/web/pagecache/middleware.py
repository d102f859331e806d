"""The page cache middleware: serves and stores anonymous public pages."""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from ..dbrouter import public_reads
from . import files
from .memo import local_pages
from .scopes import page_scope
from .version import current_version, done_serving, log_outage, served_key, serving

log = logging.getLogger(__name__)
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Headers that belong to one response only and must not be replayed from the cache.
_NOT_STORED = {"set-cookie", "x-page-cache", "date", "last-modified"}


def _is_candidate(request):
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    if path.startswith(tuple(settings.PAGE_CACHE_EXEMPT_PREFIXES)):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if not request.META.get("QUERY_STRING"):
        return True  # nothing to parse
    allowed = _allowed_params(path)
    ignored = settings.PAGE_CACHE_IGNORED_PARAMS
    return all(key in allowed or key in ignored for key in request.GET)


def _allowed_params(path):
    """Query parameters that make another page here: PAGE_CACHE_QUERY_PARAMS, plus the path's
    own in PAGE_CACHE_PATH_PARAMS (the search page's query and filters)."""
    allowed = settings.PAGE_CACHE_QUERY_PARAMS
    for prefix, params in settings.PAGE_CACHE_PATH_PARAMS.items():
        if path.startswith(prefix):
            allowed = allowed | params
    return allowed


def _page_key(request, version):
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: let the view stack answer it
        return None
    # Share-tracking parameters (WeChat's ?from=singlemessage, utm_*) do not change the page:
    # a burst of readers from a shared link is served from the cache entry of the plain page.
    allowed = _allowed_params(request.path_info)
    query = sorted((k, v) for k, values in request.GET.lists() if k in allowed for v in values)
    raw = f"{request.scheme}://{host}{request.path}?{query}"
    digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    # A scoped page's key holds its scope's stamp too (version.bump_scopes renews only it).
    return f"pagecache:page:{version['token']}:{version.get('stamp') or '-'}:{digest}"


def _page_timeout(version):
    """Seconds a page may be kept: the most-read figures refresh at least this often."""
    timeout = settings.PAGE_CACHE_TIMEOUT
    if version["until"] is not None:
        timeout = min(timeout, math.ceil(version["until"] - time.time()))
    return max(1, timeout)


class CacheUnavailable(Exception):
    """The cache server failed before the page was rendered."""


def _cache_call(method, *args):
    try:
        return method(*args)
    except Exception as exc:
        log_outage("page", "page cache unavailable", logger=log)
        raise CacheUnavailable from exc


_served_here = {}  # {a version's or stamp's token: the newest date noted as sent under it}
_dates = {}  # {a version's time: its HTTP date}, formatted once


def _last_modified(version):
    """The Last-Modified header for a page of this version; notes that its date went out (the
    newest date under the version and under the page's stamp: the next version or stamp is
    then dated a second later, see version._served_since)."""
    since = version["since"]
    for token in {version["token"], version.get("stamp")} - {None}:
        if _served_here.get(token, -1) >= since:
            continue
        try:
            cache.set(served_key(token), since, 24 * 3600)
        except Exception:
            log_outage("served", "page cache: could not note a served version", logger=log)
        else:
            if len(_served_here) > 256:
                _served_here.clear()  # only the current version and recent stamps matter
            _served_here[token] = since
    # Never a date in the future (RFC 9110 8.8.2); 304s compare with the version's own time.
    if since > time.time():
        return http_date(int(time.time()))
    date = _dates.get(since)
    if date is None:
        if len(_dates) > 64:
            _dates.clear()  # only the current version's and recent stamps' dates are asked for
        date = _dates[since] = http_date(since)
    return date


def _is_storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _file_page(request, version, content, content_type):
    # A copy for the nginx front (association/files.py), when PAGE_FILES_DIR is set. Only
    # HTML: nginx gives every file it serves there an HTML content type.
    if files.root() is None or not content_type.startswith("text/html"):
        return
    relative = files.relative_file(request)
    if relative is None:
        return
    scope = version.get("scope")
    if files.write(version["token"], relative, content, scope) and scope is not None:
        # Rendered under the stamp read at the start: a scoped change since then may have
        # removed this page's file before it was written (or on another server before it
        # was noted there). Asked after writing, so either the change removes it or we do.
        try:
            still = current_version(scope)["stamp"] == version["stamp"]
        except Exception:
            log_outage("page", "page cache unavailable", logger=log)
            still = False
        if not still:
            files.remove(version["token"], relative)


class PageCacheMiddleware:
    """Serve and store anonymous public pages; add validators and Cache-Control to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_candidate(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
                # Pages shown to a logged-in editor must not be kept by browsers or proxies.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        try:
            version = current_version(page_scope(request))
        except Exception:
            # No cache server: visitors still get every page, rendered afresh.
            log_outage(
                "version", "page cache unavailable; serving %s uncached", request.path, logger=log
            )
            return self.get_response(request)
        token = serving(version)  # the page's pieces are filed under the same version
        try:
            return self._serve(request, version)
        except CacheUnavailable:
            return self.get_response(request)
        finally:
            done_serving(token)

    def _serve(self, request, version):
        enabled = settings.PAGE_CACHE_ENABLED
        key = _page_key(request, version) if enabled else None
        enabled = key is not None
        if enabled:
            entry = local_pages.get(key)
            if entry is None:
                entry = _cache_call(cache.get, key)
                if entry is not None:
                    local_pages.put(key, entry, _page_timeout(version))
            if entry is not None:
                content, headers, etag = entry
                response = HttpResponse(content, status=200)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                response["Last-Modified"] = _last_modified(version)
                _file_page(request, version, content, response.get("Content-Type", ""))
                if request.method == "HEAD":
                    response.content = b""  # headers only (Content-Length stays the page's)
                return get_conditional_response(
                    request, etag=etag, last_modified=version["since"], response=response
                )

        with public_reads(version["since"]):
            response = self.get_response(request)
        if not _is_storable(response):
            return response

        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        response["ETag"] = etag
        response["Last-Modified"] = _last_modified(version)
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        if enabled:
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
            timeout = _page_timeout(version)
            entry = (response.content, headers, etag)
            local_pages.put(key, entry, timeout)
            try:
                cache.set(key, entry, timeout)
            except Exception:
                log_outage("store", "page cache: could not store %s", request.path, logger=log)
            response["X-Page-Cache"] = "miss"
            _file_page(request, version, response.content, response.get("Content-Type", ""))
        else:
            response["X-Page-Cache"] = "off"
        return get_conditional_response(
            request, etag=etag, last_modified=version["since"], response=response
        )
