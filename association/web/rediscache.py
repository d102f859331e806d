"""Django's RedisCache, with one redis.Redis client per connection pool instead of one per call.

Django's RedisCacheClient.get_client() builds a new redis.Redis for every cache operation, and
building one copies its table of response callbacks (about 170 entries): a cold page made six
of them. The client keeps no connection of its own (the pool does), so one per pool is enough:
  - threads: redis.Redis is safe to share; two threads racing on the first call each build one
    and one of them is kept, which does no harm;
  - fork (gunicorn workers): the pool notices it is in a new process and drops the parent's
    connections; the clients are still rebuilt per process so nothing of the parent's is used;
  - a Redis restart: the pool's broken connection is dropped on the error and the next call
    connects again, exactly as with a new client per call (tests/test_fault_suite.py).
"""

import os
import pickle

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient, RedisSerializer


class Serializer(RedisSerializer):
    """Django's format (integers as digits, so INCR works; anything else pickled), read without
    first trying int() on every value: a pickle of protocol 2 or later starts with 0x80."""

    def loads(self, data):
        if data[:1] == b"\x80":
            return pickle.loads(data)  # noqa: S301 - our own cache's values
        return super().loads(data)


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if type(self._serializer) is RedisSerializer:
            self._serializer = Serializer(self._serializer.protocol)
        self._clients = {}  # {(process id, id of the pool): redis.Redis}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # Django's: made once per server, then kept
        slot = (os.getpid(), id(pool))
        client = self._clients.get(slot)
        if client is None:
            client = self._clients.setdefault(slot, self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    """The cache backend for CACHE_URL=redis://… (association/settings/services.py)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient

    def validate_key(self, key):
        """Redis takes any key: Django's check (warnings for memcached, a loop over each key's
        characters in Python) is left out."""
