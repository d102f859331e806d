"""Counts that cost no database write when they happen: views, searches, downloads.

A count is added to a counter kept
  - in Redis (HINCRBY on one hash: atomic, shared by every worker and machine) when the cache
    is Redis, or
  - in the worker's own memory otherwise (the local default needs no server),
and a BatchedCounts writes the pending counts to the database in batches.

Flushes happen: when a batch has threshold() keys pending or VIEW_COUNT_FLUSH_SECONDS have
passed since its last flush (checked on each count and by a timer thread in each gunicorn
worker), when a gunicorn worker exits (gunicorn.conf.py's worker_exit) or the process ends
(atexit), and on `manage.py flush_view_counts`. Only a hard kill (SIGKILL, power loss) of a
worker using the in-memory counter can lose its unflushed counts.

While Redis is unreachable (restarting, failing over) a count waits in the worker's memory
instead and is written by the next flush, like the counts of the in-memory counter (so only a
hard kill of that worker during the outage can lose them).
"""

import logging
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections

log = logging.getLogger(__name__)

BOT_MARKERS = ("bot", "spider", "crawl", "slurp", "curl", "wget", "python-requests", "headless")


def is_bot(user_agent):
    ua = (user_agent or "").lower()
    return not ua or any(marker in ua for marker in BOT_MARKERS)


class LocalCounter:
    """Counts in this process's memory; a lock makes each increment atomic across threads."""

    shared = False

    def __init__(self):
        self.lock = threading.Lock()
        self.pending = Counter()
        self.views = 0

    def add(self, article_id):
        with self.lock:
            self.pending[article_id] += 1
            self.views += 1
            return self.views

    def take(self, wait=False):
        with self.lock:
            taken, self.pending, self.views = self.pending, Counter(), 0
        return dict(taken), None

    def done(self, receipt):
        pass

    def give_back(self, counts, receipt):
        with self.lock:
            self.pending.update(counts)
            self.views += sum(counts.values())

    def peek(self):
        with self.lock:
            return dict(self.pending)


class RedisCounter:
    """Counts in one Redis hash; a flush renames it away atomically, so no view falls between."""

    shared = True

    def __init__(self, client, key, convert=int):
        self.client = client
        self.key = key
        self.lock_key = f"{key}:flush-lock"
        self.convert = convert  # a hash field (bytes) back to what was counted

    def add(self, article_id):
        pipe = self.client.pipeline()
        pipe.hincrby(self.key, str(article_id), 1)
        pipe.hlen(self.key)
        return pipe.execute()[1]  # distinct articles pending: the threshold for a flush

    def take(self, wait=False):
        """The pending counts and a receipt; ({}, None) while another flush holds the lock,
        unless wait: then wait for it (at most the lock's life, VIEW_COUNT_FLUSH_LOCK_SECONDS)."""
        lock = uuid.uuid4().hex
        life = settings.VIEW_COUNT_FLUSH_LOCK_SECONDS
        deadline = time.monotonic() + (life + 1 if wait else 0)
        # A flush cut off mid-way (its worker killed, Redis stopped under it) leaves its lock;
        # it frees itself after its life, and the batch it took is flushed by the next one.
        while not self.client.set(self.lock_key, lock, nx=True, ex=life):
            if time.monotonic() >= deadline:
                return {}, None  # another process is flushing right now
            time.sleep(0.1)
        batch = f"{self.key}:flushing:{lock}"
        try:
            if self.client.exists(self.key):
                self.client.rename(self.key, batch)
            # Batches left by a worker that died mid-flush are flushed too (the lock was theirs).
            batches = [k.decode() for k in self.client.scan_iter(match=f"{self.key}:flushing:*")]
            counts = Counter()
            for name in batches:
                for article_id, n in self.client.hgetall(name).items():
                    counts[self.convert(article_id)] += int(n)
        except Exception:
            self._release(lock)
            raise
        return dict(counts), (lock, batches)

    def _release(self, lock):
        try:
            if self.client.get(self.lock_key) == lock.encode():
                self.client.delete(self.lock_key)
        except Exception:  # noqa: S110 - Redis gone: the lock frees itself after its life
            pass

    def done(self, receipt):
        if receipt is None:
            return
        lock, batches = receipt
        if batches:
            self.client.delete(*batches)
        if self.client.get(self.lock_key) == lock.encode():
            self.client.delete(self.lock_key)

    def give_back(self, counts, receipt):
        if receipt is not None:  # keep the batches for the next flush, just free the lock
            self.client.delete(self.lock_key)

    def peek(self):
        return {self.convert(k): int(v) for k, v in self.client.hgetall(self.key).items()}


def make_counter(name="views:pending", convert=int):
    """A counter in Redis when the cache is Redis, in this process's memory otherwise."""
    # The backend itself, not django.core.cache.cache: that is a proxy whose class is never
    # RedisCache, which once left every count in the workers' memory.
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)  # the client of Django's RedisCache
        return RedisCounter(client, backend.make_and_validate_key(name), convert)
    return LocalCounter()


class BatchedCounts:
    """Counts gathered in a counter (make_counter) and written to the database in batches:
    once `threshold()` keys are pending, when the last batch is VIEW_COUNT_FLUSH_SECONDS old
    (checked on each count and by the workers' timer), on exit and on demand.

    Every instance is flushed by flush_quietly(): views in news.counting, searches in
    news.search.hot.
    """

    every = []

    def __init__(self, name, write, what, threshold, convert=int):
        self.name, self.write, self.what = name, write, what
        self.threshold, self.convert = threshold, convert
        self.source = None  # the counter, made on first use (the cache must be configured)
        self.fallback = LocalCounter()  # counts taken while the cache server is unreachable
        self.last_flush = time.monotonic()
        self._lock = threading.Lock()
        BatchedCounts.every.append(self)

    def counter(self):
        if self.source is None:
            with self._lock:
                if self.source is None:
                    self.source = make_counter(self.name, self.convert)
        return self.source

    def add(self, key):
        """Count one; never raises: the visitor's request must not fail over a count."""
        try:
            pending = self.counter().add(key)
        except Exception as error:  # the cache server is unreachable: keep it here meanwhile
            log.warning(
                "%s: cache unreachable (%s), %r kept in this process", self.what, error, key
            )
            pending = self.fallback.add(key)
        due = time.monotonic() - self.last_flush >= settings.VIEW_COUNT_FLUSH_SECONDS
        if pending >= self.threshold() or due:
            try:
                self.flush()
            except Exception:  # noqa: S110 - drain() logged it and kept the counts
                pass

    def pending(self):
        counts = Counter(self.fallback.peek())
        counts.update(self.counter().peek())
        return dict(counts)

    def keeps_counts_here(self):
        """Whether counts wait in this process's memory (to flush before it exits)."""
        return not self.counter().shared or bool(self.fallback.peek())

    def flush(self, wait=False):
        """Write the pending counts; return how many were written. wait: even those another
        process is flushing or a cut-off flush holds (`manage.py flush_view_counts`)."""
        self.last_flush = time.monotonic()
        written = 0
        if self.fallback.peek():
            written = drain(self.fallback, self.write, self.what)
        return written + drain(self.counter(), self.write, self.what, wait)


def drain(source, write, what, wait=False):
    """Take source's pending counts and write(counts) them; return how many were written.

    When writing fails the counts go back to source for the next flush, and the error is raised.
    """
    counts, receipt = source.take(wait)
    if not counts:
        source.done(receipt)
        return 0
    try:
        write(counts)
    except Exception:
        source.give_back(counts, receipt)
        log.exception("flushing %s failed; they are kept for the next flush", what)
        raise
    source.done(receipt)
    return sum(counts.values())


def flush_quietly():
    """Flush every batch, for exit hooks and timers: never raise."""
    for batch in BatchedCounts.every:
        try:
            batch.flush()
        except Exception:  # noqa: S110 - each flush logs its failure and keeps its counts
            pass


def start_flush_timer(interval=None):
    """Flush every interval seconds from a daemon thread (one per gunicorn worker)."""
    interval = interval or settings.VIEW_COUNT_FLUSH_SECONDS

    def loop():
        while True:
            time.sleep(interval)
            flush_quietly()
            connections.close_all()  # this thread's own connections only

    thread = threading.Thread(target=loop, name="count-flush", daemon=True)
    thread.start()
    return thread
