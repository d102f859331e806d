"""Views are counted without a database write per view and written in batches."""

import importlib.util
import io
import os
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from association.settings.services import cache_from_url
from association.web import counters
from news import counting
from news.models import Article

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def local_counter(monkeypatch):
    monkeypatch.setattr(counting.views, "source", counters.LocalCounter())
    return counting.views.source


def views(article):
    article.refresh_from_db()
    return article.view_count


def test_recording_a_view_writes_nothing_until_a_flush(django_assert_num_queries, settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    article = make_article()
    with django_assert_num_queries(0):
        for _ in range(5):
            counting.record_view(article.pk)
    assert views(article) == 0
    assert counting.views.pending() == {article.pk: 5}
    assert counting.flush_view_counts() == 5
    assert views(article) == 5 and counting.views.pending() == {}


def test_a_flush_is_one_update_for_many_articles(django_assert_num_queries, settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    section = make_section()
    articles = [make_article(section) for _ in range(30)]
    for n, article in enumerate(articles, start=1):
        for _ in range(n):
            counting.record_view(article.pk)
    with django_assert_num_queries(1):
        assert counting.flush_view_counts() == sum(range(1, 31))
    assert [views(a) for a in articles] == list(range(1, 31))


def test_threshold_triggers_a_flush(settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    settings.VIEW_COUNT_FLUSH_THRESHOLD = 10
    article = make_article()
    for _ in range(9):
        counting.record_view(article.pk)
    assert views(article) == 0
    counting.record_view(article.pk)
    assert views(article) == 10


def test_counts_for_a_deleted_article_are_dropped_quietly():
    gone = make_article()
    kept = make_article()
    counting.record_view(gone.pk)
    counting.record_view(kept.pk)
    gone.delete()
    counting.flush_view_counts()
    assert views(kept) == 1


def test_gunicorn_worker_exit_flushes_pending_counts(settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    article = make_article()
    counting.record_view(article.pk)
    counting.record_view(article.pk)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.control_socket_disable is True and conf.worker_class == "sync"
    conf.worker_exit(server=None, worker=None)
    assert views(article) == 2


def test_flush_command_writes_pending_counts(settings, capsys):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    article = make_article()
    counting.record_view(article.pk)
    call_command("flush_view_counts")
    assert views(article) == 1
    assert "已写入 1 次浏览" in capsys.readouterr().out


def test_most_read_uses_counted_figures_and_hides_unpublished():
    section = make_section()
    quiet = make_article(section, title="冷门")
    popular = make_article(section, title="热门")
    draft = make_article(section, title="草稿", status=Article.Status.DRAFT)
    for _ in range(3):
        counting.record_view(popular.pk)
        counting.record_view(draft.pk)
    counting.record_view(quiet.pk)
    counting.flush_view_counts()
    make_article(section, title="无人读过")
    assert [a.title for a in counting.most_read(5)] == ["热门", "冷门"]


def test_home_shows_the_most_read_list(client):
    article = make_article(title="读者最多的文章")
    for _ in range(4):
        counting.record_view(article.pk)
    counting.flush_view_counts()
    html = client.get("/").content.decode()
    assert "点击排行" in html and "读者最多的文章" in html and "4 次浏览" in html


@pytest.mark.parametrize(
    "agent,bot",
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36",
            False,
        ),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0", False),
        (
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            True,
        ),
        ("Sogou web spider/4.0", True),
        ("Mozilla/5.0 (compatible; Googlebot/2.1)", True),
        ("curl/8.5.0", True),
        ("python-requests/2.32", True),
        ("", True),
    ],
)
def test_obvious_bots_are_recognised(agent, bot):
    assert counters.is_bot(agent) is bot


# --- Redis: counts shared by every worker, kept when a worker dies


def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


@pytest.fixture
def redis_counter(monkeypatch):
    client = redis_client()
    key = f"test-views-{uuid.uuid4().hex}"
    made = counters.RedisCounter(client, key)
    monkeypatch.setattr(counting.views, "source", made)
    yield made
    for name in client.scan_iter(match=f"{key}*"):
        client.delete(name)


def test_the_production_redis_cache_counts_in_redis(settings):
    """CACHE_URL=redis://… as in production: counts go to Redis, not the worker's memory."""
    redis_client()  # skips without Redis (fails in CI)
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": cache_from_url(f"{url}?prefix={prefix}", settings.BASE_DIR)}
    counter = counters.make_counter("views:pending")
    assert isinstance(counter, counters.RedisCounter)
    counter.add(7)
    assert counters.RedisCounter(counter.client, counter.key).peek() == {7: 1}  # shared
    counter.client.delete(counter.key)


def test_redis_counts_from_two_workers_meet_in_one_flush(redis_counter, settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    article = make_article()
    other_worker = counters.RedisCounter(redis_counter.client, redis_counter.key)
    counting.record_view(article.pk)
    other_worker.add(article.pk)
    other_worker.add(article.pk)
    assert counting.views.pending() == {article.pk: 3}
    assert counting.flush_view_counts() == 3
    assert views(article) == 3 and counting.views.pending() == {}


def test_redis_batch_of_a_worker_that_died_mid_flush_is_written_later(redis_counter, settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    article = make_article()
    counting.record_view(article.pk)
    counts, receipt = redis_counter.take()  # a worker took the batch, then died
    assert counts == {article.pk: 1}
    redis_counter.client.delete(redis_counter.lock_key)  # its lock expires
    counting.record_view(article.pk)
    assert counting.flush_view_counts() == 2
    assert views(article) == 2


def test_a_flush_cut_off_by_a_redis_stop_holds_nothing_back_from_the_command(
    redis_counter, settings
):
    """A flush that took the lock and its batch when Redis stopped under it: the operator's
    `flush_view_counts` still writes every count, once the lost flush's lock has lapsed."""
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    settings.VIEW_COUNT_FLUSH_LOCK_SECONDS = 1
    article = make_article()
    counting.record_view(article.pk)
    redis_counter.take()  # taken, never written: that worker's Redis went away
    counting.record_view(article.pk)
    assert counting.flush_view_counts() == 0  # a worker's timer does not wait for the lock
    call_command("flush_view_counts", stdout=io.StringIO())
    assert views(article) == 2


def test_a_save_never_writes_back_an_old_view_count():
    """The admin, a revision restore or an import saves an article it read before a flush."""
    article = make_article()
    loaded = Article.objects.get(pk=article.pk)  # an editor opens the article
    for _ in range(4):
        counting.record_view(article.pk)
    counting.flush_view_counts()  # the batch lands while the editor types
    loaded.title = "改过的标题"
    loaded.save()
    assert views(article) == 4
    assert Article.objects.get(pk=article.pk).title == "改过的标题"
