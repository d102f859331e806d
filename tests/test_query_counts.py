"""Every public page runs the same, small number of queries at 5 and at 50 articles.

PAGES lists each page with its expected count; add a row when a page is added (all tags,
search). Counts are for a first render after a change (the page cache misses; the hot tags
are fetched once per content version and are then cached like the pages).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from association.site.models import Page, SiteSettings
from association.web.pagecache.version import bump_content_version
from news import rendering
from news.models import HotTag

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db

# name: (url, queries on a first render, queries on later renders without the page cache)
# A first render after a change also fetches what is cached per content version: site
# settings, navigation, hot tags (association.site.chrome) and a list's article count.
PAGES = {
    # latest of every section, featured, most read, hot searches (+ site chrome)
    "home": ("/", 8, 4),
    # section, the page's ids, the page's rows (+ count, site chrome)
    "section": ("/section/q0/", 8, 3),
    "section page 2": ("/section/q0/?page=2", 8, 3),
    # tag, the page's ids, the page's rows (+ count, site chrome)
    "tag": ("/tags/共同/", 8, 3),
    # article with section, tags and its stored rendering (one query), previous and next (one
    # query), related by tags (+ chrome, and once per content version: the ids of articles with
    # files, events, 回执, and the section's newest); its parts are then kept per content
    # version (tests/test_article_parts.py). Was 13: attachments, the events and 回执 hooks and
    # the section's newest ran on every article, previous and next were two queries; was 12:
    # the tags were a query of their own.
    "article": ("/article/{pk}/", 10, 0),
    # the tag cloud in one query, counted once per content version (+ site chrome)
    "all tags": ("/tags/", 5, 0),
    # the page (+ site chrome)
    "association page": ("/about/about/", 5, 1),
    # the articles and their tags (+ site settings, kept per content version)
    "rss": ("/rss/", 3, 2),
    # the section too
    "section atom": ("/section/q0/atom/", 4, 3),
    "sitemap articles": ("/sitemap-articles.xml", 6, 2),
    "sitemap tags": ("/sitemap-tags.xml", 6, 2),
}
# The search page is not page-cached (each search is counted); tests/test_search_page.py
# asserts its fixed count.


def build(n, sections=None):
    SiteSettings.load()  # exists on a running site; its first creation is not a page's cost
    Page.objects.get_or_create(slug="about", defaults={"title": "协会简介", "body": "<p>简介</p>"})
    sections = sections or [make_section(slug=f"q{i}") for i in range(3)]
    articles = [make_article(sections[i % 3], tags=[f"标签{i % 4}", "共同"]) for i in range(n)]
    # As on a running site once the saves are committed: each article is rendered and stored
    # (news/rendering.py), and the content version is renewed.
    for article in articles:
        rendering.refresh(article.pk)
    bump_content_version()
    if not HotTag.objects.exists():
        HotTag.objects.create(tag=Tag.objects.get(name="共同"))
    return sections, articles


def count_queries(client, url, page_cache="miss"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == page_cache
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_query_count_is_fixed_and_small(client, name):
    url, expected, _ = PAGES[name]
    sections, articles = build(5)
    few = count_queries(client, url.format(pk=articles[0].pk))
    build(45, sections)  # any change makes the next request render afresh
    many = count_queries(client, url.format(pk=articles[0].pk))
    assert (few, many) == (expected, expected)


@pytest.mark.parametrize("name", PAGES)
def test_cached_page_runs_no_query(client, name, django_assert_num_queries):
    url, _, _ = PAGES[name]
    _, articles = build(5)
    client.get(url.format(pk=articles[0].pk))
    with django_assert_num_queries(0):
        response = client.get(url.format(pk=articles[0].pk))
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("name", PAGES)
def test_without_the_page_cache_shared_pieces_are_fetched_once_per_version(client, name, settings):
    settings.PAGE_CACHE_ENABLED = False
    url, cold, warm = PAGES[name]
    sections, articles = build(5)
    assert count_queries(client, url.format(pk=articles[0].pk), "off") == cold
    assert count_queries(client, url.format(pk=articles[0].pk), "off") == warm
    build(45, sections)  # a change: fetched again, and still as many at 50 articles
    assert count_queries(client, url.format(pk=articles[0].pk), "off") == cold
    assert count_queries(client, url.format(pk=articles[0].pk), "off") == warm


def test_a_crawler_s_further_articles_run_two_queries(client):
    """A crawler walking the archive after a publish: only the first article of the version
    of a section reads what is kept per version; every further one runs its own two queries
    (the article with its tags and stored HTML; previous, next and related together),
    rendering nothing. Was four: the tags and the side lists were queries of their own."""
    _, articles = build(50)
    same_section = articles[::3]  # build() deals the articles out over three sections
    client.get(f"/article/{same_section[0].pk}/")
    counts = [count_queries(client, f"/article/{article.pk}/") for article in same_section[1:6]]
    assert counts == [2] * 5
