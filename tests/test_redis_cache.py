"""The Redis cache backend of CACHE_URL=redis://… (association/web/rediscache.py): one client
per worker, values Django's own backend can read, fork and reconnect."""

import os
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from association.settings.services import cache_from_url
from association.web import counters

from .servers import redis_url


@pytest.fixture
def redis_cache(settings):
    """The default cache as production builds it from CACHE_URL, under a prefix of its own."""
    url = redis_url()  # skips without Redis (fails in CI)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": cache_from_url(f"{url}?prefix={prefix}", settings.BASE_DIR)}
    cache = caches["default"]
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def count_clients(monkeypatch):
    import redis

    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    return built


def test_many_cache_calls_build_one_redis_client(redis_cache, monkeypatch):
    built = count_clients(monkeypatch)
    page = "页" * 5000
    for n in range(5):
        redis_cache.set(f"page{n}", page, 60)
        assert redis_cache.get(f"page{n}") == page
        redis_cache.set_many({"a": n, "b": [n]}, 60)
        assert redis_cache.get_many(["a", "b", "missing"]) == {"a": n, "b": [n]}
        redis_cache.delete(f"page{n}")
    assert len(built) <= 1  # Django's own RedisCache built one for each of these 25 calls


def test_values_are_read_the_same_by_djangos_backend(redis_cache):
    """A rolling deploy shares one Redis between old and new code: the format is Django's."""
    django_cache = DjangoRedisCache(redis_cache._servers, {"KEY_PREFIX": redis_cache.key_prefix})
    values = {"count": 41, "flag": True, "text": "协会动态", "entry": (b"<html>", [("ETag", "x")])}
    redis_cache.set_many(values, 60)
    assert django_cache.get_many(list(values)) == values
    django_cache.set("other", {"n": 2}, 60)
    assert redis_cache.get("other") == {"n": 2}
    assert redis_cache.incr("count") == 42 and django_cache.get("count") == 42


def test_a_forked_worker_uses_a_client_of_its_own(redis_cache):
    """gunicorn forks its workers from the master: a worker never uses the master's client."""
    redis_cache.set("shared", "before the fork", 60)
    parent_client = redis_cache._cache.get_client()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            ok = redis_cache.get("shared") == "before the fork"
            ok = ok and redis_cache._cache.get_client() is not parent_client
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
    assert redis_cache._cache.get_client() is parent_client  # the parent keeps its own


def test_the_kept_client_connects_again_after_its_connection_is_cut(redis_cache):
    """What a Redis restart does to a worker's open connection: the next call connects again."""
    import redis

    redis_cache.set("kept", "still here", 60)
    client = redis_cache._cache.get_client()
    connection_id = client.client_id()
    admin = redis.Redis.from_url(redis_url())
    assert admin.client_kill_filter(_id=connection_id) == 1
    assert redis_cache.get("kept") == "still here"
    assert redis_cache._cache.get_client() is client


def test_the_view_counters_count_in_redis_with_this_backend(redis_cache):
    counter = counters.make_counter(f"views:test:{uuid.uuid4().hex}")
    assert isinstance(counter, counters.RedisCounter)
    counter.add(3)
    assert counters.RedisCounter(counter.client, counter.key).peek() == {3: 1}
    counter.client.delete(counter.key)
