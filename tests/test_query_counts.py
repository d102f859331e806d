"""Every list page runs the same number of queries at 5 and at 50 articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from association.models import Page, SiteSettings

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


def build(n, sections=None):
    SiteSettings.load()  # exists on a running site; its first creation is not a page's cost
    Page.objects.get_or_create(slug="about", defaults={"title": "协会简介", "body": "<p>简介</p>"})
    sections = sections or [make_section(slug=f"q{i}") for i in range(3)]
    articles = [make_article(sections[i % 3], tags=[f"标签{i % 4}", "共同"]) for i in range(n)]
    return sections, articles


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/section/q0/",
        "/section/q0/?page=2",
        "/tags/共同/",
        "/tags/",
        "/article/{pk}/",
        "/about/about/",
        "/rss/",
        "/section/q0/atom/",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
    ],
)
def test_query_count_does_not_grow_with_articles(client, url, django_assert_num_queries):
    sections, small = build(5)
    few = count_queries(client, url.format(pk=small[0].pk))
    build(45, sections)
    many = count_queries(client, url.format(pk=small[0].pk))
    assert few == many


@pytest.mark.parametrize(
    "url,expected",
    [
        ("/", 9),
        ("/section/q0/", 8),
        ("/tags/共同/", 8),
        ("/tags/", 6),
        ("/article/{pk}/", 11),
        ("/about/about/", 6),
        ("/rss/", 3),
        ("/section/q0/rss/", 4),
        ("/sitemap-articles.xml", 2),
    ],
)
def test_query_counts_are_small(client, url, expected, django_assert_num_queries):
    _, articles = build(50)
    with django_assert_num_queries(expected):
        client.get(url.format(pk=articles[0].pk))
