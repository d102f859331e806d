"""Memo of pages and pieces, filed under the content version (see the package docstring)."""

import contextvars
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

from .version import log_outage, request_version

log = logging.getLogger(__name__)


class LocalPages:
    """Entries this worker used lately, in its own memory, least recently used dropped first.

    Every key holds a content version token, so an entry can never be stale.
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


# Whole pages (the middleware) and the pieces of pages (cached_per_version) this worker used.
local_pages = LocalPages(200)
local_pieces = LocalPages(512)


class _Batch:
    """The pieces of one outermost computation: what was read or computed (so a piece is asked
    for once), and what to write, all in one set_many when the outermost piece is done."""

    def __init__(self):
        self.known = {}  # {key: value, or _MISSING when the shared cache had none}
        self.writes = {}


_MISSING = object()
_batch = contextvars.ContextVar("pieces_batch", default=None)


def cached_per_version(name, compute, *, local=False, shared=True, prefetch=()):
    """compute(), kept for the current content version; computed afresh when the cache server
    is unreachable (pages must not fail because of it).

    local: also keep it in this worker's memory, for pieces asked for on most requests.
    shared: keep it in the shared cache (off for HTML that is cheap to render again but asked
    for on every page, such as the header: it stays in this worker only).
    prefetch: names of the pieces compute() asks for in turn, read in the same round trip.

    Pieces computed inside compute() are written to the shared cache with this one, in one
    round trip once it is done.
    """
    timeout = settings.PAGE_CACHE_PIECE_TIMEOUT
    batch = _batch.get()
    try:
        token = request_version()["token"]
        key = _key(name, token)
        value = local_pieces.get(key) if local else None
        if value is None and batch is not None and key in batch.known:
            value = batch.known[key]
            value = None if value is _MISSING else value
        elif value is None and shared:
            value, found = _read(key, [_key(other, token) for other in prefetch])
            batch = batch or _Batch()
            batch.known.update(found)
        if value is not None and local:
            local_pieces.put(key, value, timeout)
    except Exception:
        log_outage("piece", "cache unavailable for %s", name, logger=log)
        return compute()
    if value is not None:
        return value
    outermost = _batch.get() is None
    batch = batch or _Batch()
    reset = _batch.set(batch) if outermost else None
    try:
        value = compute()
    finally:
        if outermost:
            _batch.reset(reset)
    if local:
        local_pieces.put(key, value, timeout)
    if shared:
        batch.known[key] = batch.writes[key] = value
    if outermost and batch.writes:
        try:
            if len(batch.writes) == 1:
                cache.set(key, value, timeout)
            else:
                cache.set_many(batch.writes, timeout)
        except Exception:
            log_outage("piece", "cache unavailable for %s", name, logger=log)
    return value


def _key(name, token):
    return f"news:{name}:{token}"


def _read(key, others):
    """key's value in the shared cache (None if absent) and {other key: value or _MISSING}
    for those of others this worker does not keep itself."""
    others = [other for other in others if local_pieces.get(other) is None]
    if not others:
        return cache.get(key), {}
    found = cache.get_many([key, *others])
    return found.get(key), {other: found.get(other, _MISSING) for other in others}
