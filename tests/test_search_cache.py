"""Search pages come from the page cache like every other page, and are never stale."""

import re

import pytest
from django.utils import timezone

from association.site.models import SiteSettings
from news.models import Article

from .factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_settings():
    SiteSettings.load()  # exists on a running site; creating it is a change of its own


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", "", response.content.decode())  # without the <mark>s
    return response.get("X-Page-Cache"), text


def test_each_query_and_filter_is_its_own_cached_page(client):
    water = make_section(slug="water")
    make_article(water, title="超滤项目投产")
    make_article(title="纳滤工艺改进")
    assert search(client, q="超滤")[0] == "miss"
    state, html = search(client, q="超滤")
    assert state == "hit" and "超滤项目投产" in html and "纳滤工艺改进" not in html
    state, html = search(client, q="纳滤")
    assert state == "miss" and "纳滤工艺改进" in html and "超滤项目投产" not in html
    state, html = search(client, q="超滤", section="water", sort="date")
    assert state == "miss" and "超滤项目投产" in html
    assert search(client, q="超滤", section="water", sort="date")[0] == "hit"
    state, html = search(client, q="超滤", unknown="1")  # not a parameter of the search page
    assert state is None and "超滤项目投产" in html


def test_a_publish_shows_in_a_cached_search_at_once(client):
    make_article(title="超滤项目投产")
    search(client, q="超滤")
    assert search(client, q="超滤")[0] == "hit"
    draft = make_article(title="超滤膜新标准发布", status=Article.Status.DRAFT)
    assert "超滤膜新标准发布" not in search(client, q="超滤")[1]
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    state, html = search(client, q="超滤")
    assert state == "miss" and "超滤膜新标准发布" in html


def test_editors_get_fresh_search_pages(client):
    make_article(title="超滤项目投产")
    client.force_login(make_staff())
    for _ in range(2):
        assert search(client, q="超滤")[0] is None


def test_the_count_beacon_takes_only_posts(client):
    assert client.get("/search/count/?q=超滤").status_code == 405
    response = client.post("/search/count/?q=" + "超" * 5000, HTTP_USER_AGENT="Mozilla/5.0")
    assert response.status_code == 204
    assert client.post("/search/count/", HTTP_USER_AGENT="Mozilla/5.0").status_code == 204
