"""When the cache server is down, visitors still get pages and editors can still publish."""

import socket

import pytest
from django.core.cache.backends.base import BaseCache
from django.test import override_settings

from association.site.models import SiteSettings
from association.web import counters
from news import counting

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


class DownCache(BaseCache):
    """A cache whose server does not answer (as RedisCache raises ConnectionError)."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    get = set = add = delete = get_many = set_many = incr = clear = has_key = touch = _fail


DOWN = {"default": {"BACKEND": f"{__name__}.DownCache"}}


@pytest.fixture
def cache_down():
    SiteSettings.load()
    with override_settings(CACHES=DOWN):
        yield


def test_pages_are_served_fresh_without_the_cache(client, cache_down):
    section = make_section(slug="xhdt")
    article = make_article(section, title="缓存宕机时发布的文章", tags=["膜技术"])
    for url in ("/", "/section/xhdt/", "/tags/膜技术/", article.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "缓存宕机时发布的文章" in response.content.decode()
        assert "X-Page-Cache" not in response


def test_editors_can_still_save(cache_down):
    article = make_article(title="草稿")
    article.title = "改好的标题"
    article.save()  # bumping the content version fails, the save does not
    article.refresh_from_db()
    assert article.title == "改好的标题"


def test_an_outage_logs_its_traceback_once_not_per_request(client, cache_down, caplog, settings):
    """An operator reading the log of an hour-long Redis outage finds a few tracebacks, each
    saying how many like it were left out, not one per visitor."""
    make_article(make_section(slug="xhdt"), title="日志里的文章")
    with caplog.at_level("WARNING"):
        for _ in range(5):
            assert client.get("/section/xhdt/").status_code == 200
    tracebacks = [r for r in caplog.records if r.exc_info and r.getMessage().startswith("page")]
    kinds = {r.getMessage() for r in tracebacks}
    assert len(tracebacks) == len(kinds), "the same failure was logged more than once"
    caplog.clear()
    settings.PAGE_CACHE_OUTAGE_LOG_SECONDS = 0  # the minute has passed
    with caplog.at_level("WARNING"):
        assert client.get("/section/xhdt/").status_code == 200
    assert any("more like it since the last report" in r.getMessage() for r in caplog.records)


def dead_redis_counter(name):
    """A Redis counter whose server does not listen (a Redis restart, as bench/faults.py does)."""
    redis = pytest.importorskip("redis")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Through a pool, as Django's RedisCache makes its client: a bare redis.Redis() retries a
    # refused connection with backoff (4 s a call), which the site's client does not.
    client = redis.Redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=1)
    return counters.RedisCounter(client, name)


def test_views_during_a_redis_restart_are_kept_and_written(monkeypatch):
    article = make_article(title="重启时被阅读的文章")
    monkeypatch.setattr(counting.views, "source", dead_redis_counter("views:pending"))
    for _ in range(4):
        counting.record_view(article.pk)  # no exception for the beacon's visitor
    assert counting.views.keeps_counts_here()  # the exit hook flushes them too
    counters.flush_quietly()  # the workers' timer: Redis still down, the kept ones are written
    article.refresh_from_db()
    assert article.view_count == 4


def test_a_count_never_fails_the_beacon_when_the_flush_fails(monkeypatch):
    article = make_article(title="数据库重启")
    monkeypatch.setattr(counting.views, "write", lambda counts: 1 / 0)
    monkeypatch.setattr(counting.views, "last_flush", 0)  # a flush is due on this count
    counting.record_view(article.pk)
    assert counting.views.pending() == {article.pk: 1}  # kept for the next flush
