"""An article's own parts are rendered once per content version, for every kind of request.

The page cache serves whole pages to anonymous visitors; the kept parts also serve the
requests it cannot (the page cache off, an unknown query parameter) with no query, and are
never older than the content version.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from association.site.models import SiteSettings
from news.models import Article

from .factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_settings(db):
    SiteSettings.load()  # a running site has them; creating them is a change of its own


def fetch(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.mark.usefixtures("no_page_cache")
def test_second_visit_runs_no_query_and_shows_the_same_page(client):
    article = make_article(make_section(), tags=["超滤"], title="膜法水处理论坛开幕")
    make_article(article.section, tags=["超滤"], title="相关的一篇")
    first, cold = fetch(client, article.get_absolute_url())
    second, warm = fetch(client, article.get_absolute_url())
    assert cold > 0 and warm == 0
    assert first.content == second.content
    html = second.content.decode()
    assert "<title>膜法水处理论坛开幕 - " in html and "相关的一篇" in html
    assert 'property="og:title" content="膜法水处理论坛开幕"' in html


@pytest.mark.usefixtures("no_page_cache")
def test_an_edit_shows_on_the_next_request(client):
    article = make_article(title="旧标题")
    client.get(article.get_absolute_url())
    article.title = "新标题"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "新标题" in html and "旧标题" not in html


@pytest.mark.usefixtures("no_page_cache")
def test_a_neighbour_published_later_shows_on_the_next_request(client):
    article = make_article(title="本篇")
    assert "没有了" in client.get(article.get_absolute_url()).content.decode()
    make_article(article.section, title="后来的一篇")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "后来的一篇" in html


@pytest.mark.usefixtures("no_page_cache")
def test_a_withdrawn_article_is_gone_on_the_next_request(client):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.usefixtures("no_page_cache")
def test_an_unknown_article_is_404_and_not_looked_up_again(client):
    make_article()
    first = client.get("/article/987654/")
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/article/987654/")
    assert (first.status_code, again.status_code) == (404, 404)
    assert not [q for q in ctx.captured_queries if "news_article" in q["sql"]]
    assert client.get("/article/99999999999999999999999/").status_code == 404


def test_a_parameter_the_page_cache_does_not_know_still_runs_no_query(client):
    article = make_article()
    client.get(article.get_absolute_url() + "?ref=abc")
    response, queries = fetch(client, article.get_absolute_url() + "?ref=xyz")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # not a page the whole-page cache serves
    assert queries == 0


@pytest.mark.usefixtures("no_page_cache")
def test_each_host_gets_its_own_absolute_addresses(client, settings):
    settings.ALLOWED_HOSTS = ["www.example.org", "example.org"]
    article = make_article()
    url = article.get_absolute_url()
    first = client.get(url, HTTP_HOST="www.example.org").content.decode()
    second = client.get(url, HTTP_HOST="example.org").content.decode()
    assert f'content="http://www.example.org{url}"' in first
    assert f'content="http://example.org{url}"' in second


@pytest.mark.usefixtures("no_page_cache")
def test_staff_always_get_a_fresh_render(client):
    article = make_article(title="访客看到的标题")
    client.get(article.get_absolute_url())
    # Changed behind the site's back (no signal, no new version): visitors keep the kept copy
    Article.objects.filter(pk=article.pk).update(title="编辑刚改的标题")
    assert "访客看到的标题" in client.get(article.get_absolute_url()).content.decode()
    client.force_login(make_staff())
    assert "编辑刚改的标题" in client.get(article.get_absolute_url()).content.decode()
    draft = make_article(article.section, status=Article.Status.DRAFT, title="草稿预览")
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "草稿预览" in html and 'name="robots" content="noindex"' in html


@pytest.mark.usefixtures("no_page_cache")
def test_the_canonical_address_is_the_articles_own_whatever_path_came_first(client):
    article = make_article()
    url = article.get_absolute_url()
    odd = client.get(f"/article/0{article.pk}/")  # the same article by another path, first
    assert odd.status_code == 200
    for html in (odd.content.decode(), client.get(url).content.decode()):
        assert f'<link rel="canonical" href="http://testserver{url}">' in html
        assert f'<meta property="og:url" content="http://testserver{url}">' in html
