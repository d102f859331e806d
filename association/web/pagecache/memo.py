"""Memo of pages and pieces, filed under the content version (see the package docstring)."""

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


def cached_per_version(name, compute, *, local=False, shared=True):
    """compute(), kept for the current content version; computed afresh when the cache server
    is unreachable (pages must not fail because of it).

    local: also keep it in this worker's memory, for pieces asked for on most requests.
    shared: keep it in the shared cache (off for HTML that is cheap to render again but asked
    for on every page, such as the header: it stays in this worker only).
    """
    timeout = settings.PAGE_CACHE_PIECE_TIMEOUT
    try:
        key = f"news:{name}:{request_version()['token']}"
        value = local_pieces.get(key) if local else None
        if value is None and shared:
            value = cache.get(key)
            if value is not None and local:
                local_pieces.put(key, value, timeout)
    except Exception:
        log_outage("piece", "cache unavailable for %s", name, logger=log)
        return compute()
    if value is None:
        value = compute()
        if local:
            local_pieces.put(key, value, timeout)
        if shared:
            try:
                cache.set(key, value, timeout)
            except Exception:
                log_outage("piece", "cache unavailable for %s", name, logger=log)
    return value
