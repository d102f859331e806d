"""Deep pages: links around the current page only, and the right articles on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from association.models import SiteSettings
from news.models import Article

from .factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_section():
    SiteSettings.load()
    section = make_section(slug="long")
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(section=section, title=f"第{n:03d}篇", status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=n))
            for n in range(1, 501)
        ]
    )  # fmt: skip
    return section


def test_a_deep_page_lists_its_own_articles_in_order(client, long_section):
    html = client.get("/section/long/?page=20").content.decode()
    titles = [f"第{n:03d}篇" for n in range(381, 401)]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "第380篇" not in html and "第401篇" not in html
    assert "共 500 篇，第 20/25 页" in html


def test_page_links_are_a_window_around_the_current_page(client, long_section):
    html = client.get("/section/long/?page=12").content.decode()
    numbers = [int(n) for n in re.findall(r'aria-label="第 (\d+) 页"', html)]
    assert numbers == [1, 10, 11, 13, 14, 25]  # the ends, two each side, … between
    assert '<span class="current" aria-current="page">12</span>' in html
    assert 'href="/section/long/?page=25">末页' in html


def test_out_of_range_and_bad_page_numbers_show_a_real_page(client, long_section):
    assert "第 25/25 页" in client.get("/section/long/?page=9999").content.decode()
    assert "第 1/25 页" in client.get("/section/long/?page=abc").content.decode()
