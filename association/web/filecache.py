"""The file cache of one machine (CACHE_URL=file:…), for `make serve` without a cache server."""

import os
import pickle
import threading
import time
import zlib
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

_MISSING = object()


class FileCache(FileBasedCache):
    """Django's FileBasedCache, with two changes for a cache read on every request.

    The folder is listed to cull old entries at most once every CULL_SECONDS per process
    instead of on every write: Django lists every file before each write, so a write cost grew
    with the number of entries. Between two culls the
    folder may go past MAX_ENTRIES by the writes of those seconds.

    The files read last stay open (KEPT_OPEN of them), with their content kept: a key read
    again costs a stat() instead of an open, a read and a decompress (the content version is
    read on every request; that was a twentieth of a page rendered without the page cache).
    A write never changes a file: it writes a new one and renames it over the old one (touch()
    too, below). While this process holds the old file open, no new file can get its inode
    number, so the same inode on the same device means the same, unchanged content.
    """

    CULL_SECONDS = 10
    KEPT_OPEN = 16
    KNOWN_NAMES = 4096

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._next_cull = 0.0
        self._cull_lock = threading.Lock()
        self._kept = OrderedDict()  # file name: (open file, (device, inode), expiry, payload)
        self._kept_lock = threading.Lock()
        self._names = {}  # (key, version): file name, worked out once

    def _key_to_file(self, key, version=None):
        name = self._names.get((key, version))
        if name is None:
            if len(self._names) >= self.KNOWN_NAMES:
                self._names.clear()
            name = self._names[(key, version)] = super()._key_to_file(key, version)
        return name

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            stat = os.stat(fname)
        except FileNotFoundError:
            self._forget(fname)
            return default
        with self._kept_lock:
            kept = self._kept.get(fname)
            if kept is not None and kept[1] == (stat.st_dev, stat.st_ino):
                self._kept.move_to_end(fname)
                expiry, payload = kept[2], kept[3]
            else:
                kept = None
        if kept is None:
            found = self._read(fname)
            if found is None:
                return default
            expiry, payload = found
        if expiry is not None and expiry < time.time():
            self._forget(fname)
            self._delete(fname)
            return default
        # A fresh copy for each caller, as from the file; the folder is the site's own, as for
        # Django's FileBasedCache, which unpickles it the same way.
        return pickle.loads(payload)  # noqa: S301

    def _read(self, fname):
        """Open and read a cache file, and keep it open; None if it is gone or empty."""
        try:
            f = open(fname, "rb")  # noqa: SIM115 - kept open on purpose (see the class)
        except FileNotFoundError:
            self._forget(fname)
            return None
        try:
            expiry = pickle.load(f)  # noqa: S301 - see get()
            payload = zlib.decompress(f.read())
            identity = os.fstat(f.fileno())
        except (EOFError, pickle.UnpicklingError, zlib.error):
            f.close()
            return None  # empty or cut short: treated as missing, as Django does
        with self._kept_lock:
            old = self._kept.pop(fname, None)
            self._kept[fname] = (f, (identity.st_dev, identity.st_ino), expiry, payload)
            while len(self._kept) > self.KEPT_OPEN:
                self._kept.popitem(last=False)[1][0].close()
        if old is not None:
            old[0].close()
        return expiry, payload

    def _forget(self, fname):
        with self._kept_lock:
            old = self._kept.pop(fname, None)
        if old is not None:
            old[0].close()

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        # Django rewrites the file in place; a new file keeps the inode rule above true.
        value = self.get(key, _MISSING, version)
        if value is _MISSING:
            return False
        self.set(key, value, timeout, version)
        return True

    def clear(self):
        with self._kept_lock:
            kept, self._kept = self._kept, OrderedDict()
        for entry in kept.values():
            entry[0].close()
        super().clear()

    def _cull(self):
        now = time.monotonic()
        with self._cull_lock:
            if now < self._next_cull:
                return
            self._next_cull = now + self.CULL_SECONDS
        super()._cull()
