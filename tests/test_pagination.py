"""Deep pages: links around the current page only, and the right articles on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from association.site.models import SiteSettings
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


def page_titles(client, url):
    return re.findall(r'<a href="/article/\d+/">(?:<span class="badge">置顶</span>)?([^<]+)</a>',
                      client.get(url).content.decode())  # fmt: skip


@pytest.mark.parametrize(("every", "pin_every"), [(40, 97), (100, 97), (40, 4)])
def test_deep_pages_from_anchors_match_the_plain_order(
    client, settings, monkeypatch, every, pin_every
):
    """Pinned first, equal publish times by id: every page shows what OFFSET would show."""
    monkeypatch.setattr("news.pagination.ANCHOR_EVERY", every)
    settings.PAGE_CACHE_ENABLED = False
    section = make_section(slug="anchored")
    when = timezone.now() - timedelta(days=1)
    Article.objects.bulk_create(
        [
            Article(section=section, title=f"文{n:03d}", status=Article.Status.PUBLISHED,
                    published_at=when - timedelta(minutes=n // 3), pinned=n % pin_every == 0)
            for n in range(230)
        ]
    )  # fmt: skip
    Article.objects.filter(title="文005").update(status=Article.Status.DRAFT)
    expected = list(
        Article.objects.published()
        .filter(section=section)
        .order_by("-pinned", "-published_at", "-id")
        .values_list("title", flat=True)
    )
    shown = []
    for number in range(1, 13):
        shown += page_titles(client, f"/section/anchored/?page={number}")
    assert shown == expected and len(shown) == 229
    # again, from the remembered anchors, and after a change moves every row down by one
    assert page_titles(client, "/section/anchored/?page=7") == expected[120:140]
    Article.objects.create(section=section, title="新文章", status=Article.Status.PUBLISHED,
                           published_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    assert page_titles(client, "/section/anchored/?page=7") == expected[119:139]


def test_deep_tag_pages_from_anchors_match_the_plain_order(client, settings, monkeypatch):
    monkeypatch.setattr("news.pagination.ANCHOR_EVERY", 40)
    settings.PAGE_CACHE_ENABLED = False
    section = make_section()
    when = timezone.now() - timedelta(days=1)
    for n in range(90):
        article = Article.objects.create(
            section=section, title=f"标{n:03d}", status=Article.Status.PUBLISHED,
            published_at=when - timedelta(minutes=n // 2),
        )  # fmt: skip
        article.tags.add("深页")
    expected = [f"标{n:03d}" for n in sorted(range(90), key=lambda n: (n // 2, -n))]
    shown = []
    for number in range(1, 6):
        shown += page_titles(client, f"/tags/深页/?page={number}")
    assert shown == expected
