"""Pieces read and written in batches: a page's pieces cost the shared cache one read and one
write where they can, and mean the same as pieces asked for one by one."""

import pytest
from django.core.cache import cache

from association.site.chrome import site_chrome
from association.site.models import SiteSettings
from association.web.pagecache import memo

from .factories import make_article, make_section
from .test_redis_cache import redis_cache  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


class CountingCache:
    """The shared cache, counting the calls each of which is a round trip to Redis."""

    def __init__(self, real):
        self.real, self.reads, self.writes = real, [], []

    def get(self, key, default=None):
        self.reads.append([key])
        return self.real.get(key, default)

    def get_many(self, keys):
        self.reads.append(list(keys))
        return self.real.get_many(keys)

    def set(self, key, value, timeout=None):
        self.writes.append([key])
        self.real.set(key, value, timeout)

    def set_many(self, data, timeout=None):
        self.writes.append(list(data))
        self.real.set_many(data, timeout)


@pytest.fixture
def counted(monkeypatch):
    SiteSettings.load()  # made on first load, which renews the version: made before, as on a site
    cache.clear()
    spy = CountingCache(cache)
    monkeypatch.setattr(memo, "cache", spy)
    return spy


def test_pieces_computed_inside_another_are_written_with_it_in_one_call(counted):
    computed = []

    def inner(name):
        return memo.cached_per_version(name, lambda: computed.append(name) or name.upper())

    def outer():
        return [inner("a"), inner("b"), inner("a")]  # "a" twice: computed once

    assert memo.cached_per_version("outer", outer) == ["A", "B", "A"]
    assert computed == ["a", "b"]
    assert len(counted.writes) == 1 and len(counted.writes[0]) == 3
    # Another worker finds each of them in the shared cache, as if written one by one.
    computed.clear()
    assert inner("b") == "B" and memo.cached_per_version("outer", outer) == ["A", "B", "A"]
    assert computed == []


def test_a_cold_site_chrome_is_one_read_and_one_write(counted, django_assert_num_queries):
    make_section(name="协会动态", slug="xhdt", show_in_nav=True)
    chrome = site_chrome()
    assert [s.slug for s in chrome["nav_sections"]] == ["xhdt"]
    assert len(counted.reads) == 1 and len(counted.writes) == 1  # were 3 reads and 3 writes
    # Another worker of the same version: one read, no query, the same chrome.
    memo.local_pieces.clear()
    counted.reads.clear()
    counted.writes.clear()
    with django_assert_num_queries(0):
        again = site_chrome()
    assert again["site_settings"].name == chrome["site_settings"].name
    assert [s.slug for s in again["nav_sections"]] == ["xhdt"]
    assert len(counted.reads) == 1 and counted.writes == []


def test_a_piece_read_with_the_chrome_is_not_asked_for_again(counted):
    make_section(name="协会动态", slug="xhdt", show_in_nav=True)
    site_chrome()
    memo.local_pieces.clear()  # a worker that has nothing kept: only the chrome is missing
    cache.delete(counted.writes[0][-1])  # the chrome itself, written last
    counted.reads.clear()
    site_chrome()
    assert len(counted.reads) == 1  # the settings and the sections came with that read


def test_a_cold_home_page_on_redis_makes_few_round_trips(
    redis_cache,  # noqa: F811
    client,
    monkeypatch,
):
    """The production cache: a new content version's home page (page, version, the chrome and
    its pieces, the page stored) in 6 round trips; they were 10."""
    from redis.connection import AbstractConnection

    section = make_section(name="协会动态", slug="xhdt", show_in_nav=True)
    make_article(title="首页上的文章", section=section)
    assert client.get("/").status_code == 200  # connections made, the served version noted
    memo.local_pieces.clear()
    memo.local_pages.clear()
    from association.web.pagecache.version import bump_content_version

    bump_content_version()
    sent = []
    original = AbstractConnection.send_packed_command

    def sending(self, *args, **kwargs):
        sent.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", sending)
    response = client.get("/")
    assert response.status_code == 200 and "首页上的文章" in response.content.decode()
    assert len(sent) <= 6
