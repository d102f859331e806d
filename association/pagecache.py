"""Whole-page cache for anonymous visitors that is never stale.

Every cached page is stored under the current *content version*, a random token kept in the
shared cache. Any save or delete of a model in the site's apps (articles, tags, sections, hot
tags, site settings, whatever is added later) replaces the token, so the next request renders
afresh; old entries are simply never read again and expire. A scheduled article needs no save
when its time comes: the version also records the next scheduled publish time and is replaced
once that time has passed.

Anything user-specific bypasses the cache: requests carrying a session or messages cookie
(editors, anyone just logged out), the admin, non-GET methods, and responses that set a cookie
(CSRF token, messages) or say they are private.
"""

import contextvars
import hashlib
import logging
import math
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.module_loading import import_string

from . import pagefiles

log = logging.getLogger(__name__)
VERSION_KEY = "pagecache:version"
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Headers that belong to one response only and must not be replayed from the cache.
_NOT_STORED = {"set-cookie", "x-page-cache", "date", "last-modified"}


def _setting(name, default):
    return getattr(settings, name, default)


# ---------------------------------------------------------------------------- content version


def next_scheduled_change(now):
    """The earliest moment after now at which a page may change without anyone saving."""
    moments = []
    for path in _setting("PAGE_CACHE_SCHEDULES", []):
        moment = import_string(path)(now)
        if moment is not None:
            moments.append(moment.timestamp() if isinstance(moment, datetime) else moment)
    return min(moments) if moments else None


def _new_version(previous=None):
    now = time.time()
    # Last-Modified has whole seconds: a version is at least a second after the one before if
    # that one's date was ever sent, so If-Modified-Since can never match an older page. That
    # may put it a little ahead of the clock; the header then says "now" (see _last_modified).
    # Never earlier than the version before, even after several quick changes in one second.
    since = now
    if previous is not None:
        served = cache.get(_served_key(previous["token"]))
        since = max(now, previous["since"] + (1 if served else 0))
    record = {"token": uuid.uuid4().hex, "since": float(int(since)), "until": None}
    record["until"] = next_scheduled_change(now)
    cache.set(VERSION_KEY, record, None)
    pagefiles.switch(record["token"])
    return record


def current_version():
    """The content version pages are cached under; renewed once a scheduled time has passed."""
    record = cache.get(VERSION_KEY)
    if record is None or (record["until"] is not None and time.time() >= record["until"]):
        record = _new_version(record)
    return record


def bump_content_version():
    """Make every cached page stale; call after changing content without model signals."""
    _new_version(cache.get(VERSION_KEY))


def _bump_quietly():
    try:
        bump_content_version()
    except Exception:
        # The cache server is unreachable: the editor's change must still be saved.
        log.exception("page cache: could not bump the content version")


def _changed(sender, **kwargs):
    if not _watches(sender):
        return
    _bump_quietly()
    if connection.in_atomic_block:
        # A request that read the new token before the commit could cache the old content;
        # bumping again once the change is visible to everyone closes that window.
        transaction.on_commit(_bump_quietly)


def _watches(model):
    if getattr(model, "affects_public_pages", True) is False:
        return False
    return model._meta.app_label in _setting("PAGE_CACHE_APPS", ["association", "news", "taggit"])


def connect_signals():
    """Bump the content version on any change to a model of the site's apps."""
    post_save.connect(_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache-m2m")


def _m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _changed(sender)


# ---------------------------------------------------------------------------- replica routing

_public_read = contextvars.ContextVar("public_read", default=False)


def reads_from_replica():
    """True while rendering an anonymous public page that a read replica may serve."""
    return _public_read.get()


@contextmanager
def _public_reads(version):
    # Right after a change a replica may lag behind the primary: read that page from the primary.
    grace = _setting("DATABASE_REPLICA_GRACE_SECONDS", 5)
    token = _public_read.set(time.time() - version["since"] >= grace)
    try:
        yield
    finally:
        _public_read.reset(token)


# ---------------------------------------------------------------------------- the middleware


def _is_candidate(request):
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    if path.startswith(tuple(_setting("PAGE_CACHE_EXEMPT_PREFIXES", ()))):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if not request.META.get("QUERY_STRING"):
        return True  # nothing to parse
    allowed = _allowed_params(path)
    ignored = _setting("PAGE_CACHE_IGNORED_PARAMS", set())
    return all(key in allowed or key in ignored for key in request.GET)


def _allowed_params(path):
    """Query parameters that make another page here: PAGE_CACHE_QUERY_PARAMS, plus the path's
    own in PAGE_CACHE_PATH_PARAMS (the search page's query and filters)."""
    allowed = _setting("PAGE_CACHE_QUERY_PARAMS", {"page"})
    for prefix, params in _setting("PAGE_CACHE_PATH_PARAMS", {}).items():
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
    return f"pagecache:page:{version['token']}:{digest}"


def _page_timeout(version):
    """Seconds a page may be kept: the most-read figures refresh at least this often."""
    timeout = _setting("PAGE_CACHE_TIMEOUT", 600)
    if version["until"] is not None:
        timeout = min(timeout, math.ceil(version["until"] - time.time()))
    return max(1, timeout)


class LocalPages:
    """Pages (or pieces of them) this worker served lately, in its own memory.

    An entry's key holds the content version, so an entry can never be stale: the shared
    cache is still asked for the current version on every request, but not for the page.
    """

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if time.monotonic() >= expires:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry, timeout):
        with self.lock:
            self.entries[key] = (time.monotonic() + timeout, entry)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


_local_pages = LocalPages(200)


class CacheUnavailable(Exception):
    """The cache server failed before the page was rendered."""


def _cache_call(method, *args):
    try:
        return method(*args)
    except Exception as exc:
        log.warning("page cache unavailable", exc_info=True)
        raise CacheUnavailable from exc


def _served_key(token):
    return f"pagecache:served:{token}"


_served_here = set()
_dates = {}  # {a version's time: its HTTP date}, formatted once


def _last_modified(version):
    """The Last-Modified header for a page of this version; notes that its date went out."""
    token = version["token"]
    if token not in _served_here:
        try:
            cache.set(_served_key(token), True, 24 * 3600)
        except Exception:
            log.warning("page cache: could not note a served version", exc_info=True)
        else:
            _served_here.clear()  # only the current version matters
            _served_here.add(token)
    # Never a date in the future (RFC 9110 8.8.2); 304s compare with the version's own time.
    since = version["since"]
    if since > time.time():
        return http_date(int(time.time()))
    date = _dates.get(since)
    if date is None:
        _dates.clear()  # only the current version's date is asked for again
        date = _dates[since] = http_date(since)
    return date


def _is_storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _file_page(request, version, content, content_type):
    # A copy for the nginx front (association/pagefiles.py), when PAGE_FILES_DIR is set. Only
    # HTML: nginx gives every file it serves there an HTML content type.
    if pagefiles.root() is None or not content_type.startswith("text/html"):
        return
    relative = pagefiles.relative_file(request)
    if relative is not None:
        pagefiles.write(version["token"], relative, content)


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
            version = current_version()
        except Exception:
            # No cache server: visitors still get every page, rendered afresh.
            log.warning("page cache unavailable; serving %s uncached", request.path, exc_info=True)
            return self.get_response(request)
        request.content_version = version  # for caches of smaller pieces (news/caching.py)
        try:
            return self._serve(request, version)
        except CacheUnavailable:
            return self.get_response(request)

    def _serve(self, request, version):
        enabled = _setting("PAGE_CACHE_ENABLED", True)
        key = _page_key(request, version) if enabled else None
        enabled = key is not None
        if enabled:
            entry = _local_pages.get(key)
            if entry is None:
                entry = _cache_call(cache.get, key)
                if entry is not None:
                    _local_pages.put(key, entry, _page_timeout(version))
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

        with _public_reads(version):
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
            _local_pages.put(key, entry, timeout)
            try:
                cache.set(key, entry, timeout)
            except Exception:
                log.warning("page cache: could not store %s", request.path, exc_info=True)
            response["X-Page-Cache"] = "miss"
            _file_page(request, version, response.content, response.get("Content-Type", ""))
        else:
            response["X-Page-Cache"] = "off"
        return get_conditional_response(
            request, etag=etag, last_modified=version["since"], response=response
        )


def app_models_watched():
    """The models whose changes bump the version (for docs and checks)."""
    return [model for model in apps.get_models() if _watches(model)]
