"""Every list page runs the same number of queries at 5 and at 50 articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from association.models import SiteSettings

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


def build(n, sections=None):
    SiteSettings.load()  # exists on a running site; its first creation is not a page's cost
    sections = sections or [make_section(slug=f"q{i}") for i in range(3)]
    articles = [make_article(sections[i % 3], tags=[f"标签{i % 4}", "共同"]) for i in range(n)]
    return sections, articles


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/", "/section/q0/", "/section/q0/?page=2", "/tags/共同/", "/article/{pk}/"],
)
def test_query_count_does_not_grow_with_articles(client, url, django_assert_num_queries):
    sections, small = build(5)
    few = count_queries(client, url.format(pk=small[0].pk))
    build(45, sections)
    many = count_queries(client, url.format(pk=small[0].pk))
    assert few == many


@pytest.mark.parametrize(
    "url,expected", [("/", 6), ("/section/q0/", 7), ("/tags/共同/", 7), ("/article/{pk}/", 8)]
)
def test_query_counts_are_small(client, url, expected, django_assert_num_queries):
    _, articles = build(50)
    with django_assert_num_queries(expected):
        client.get(url.format(pk=articles[0].pk))
