"""The file cache of one machine (CACHE_URL=file:…), for `make serve` without a cache server."""

import threading
import time

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    """Django's FileBasedCache, but the folder is listed to cull old entries at most once every
    CULL_SECONDS per process instead of on every write.

    Django lists every file of the folder before each write, so a write cost grew with the
    number of entries: 3 ms per write at a few thousand entries, on every page rendered for
    the long tail of 100,000 articles. Between two culls the folder may go past MAX_ENTRIES by
    the writes of those seconds.
    """

    CULL_SECONDS = 10

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._next_cull = 0.0
        self._cull_lock = threading.Lock()

    def _cull(self):
        now = time.monotonic()
        with self._cull_lock:
            if now < self._next_cull:
                return
            self._next_cull = now + self.CULL_SECONDS
        super()._cull()
