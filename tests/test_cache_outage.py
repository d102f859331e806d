"""When the cache server is down, visitors still get pages and editors can still publish."""

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


def test_editors_can_still_save_and_views_are_dropped_quietly(cache_down, monkeypatch):
    article = make_article(title="草稿")
    article.title = "改好的标题"
    article.save()  # bumping the content version fails, the save does not
    article.refresh_from_db()
    assert article.title == "改好的标题"

    class DownCounter(counters.LocalCounter):
        def add(self, article_id):
            raise ConnectionError("cache server unreachable")

    monkeypatch.setattr(counting.views, "source", DownCounter())
    counting.record_view(article.pk)  # no exception for the beacon's visitor
