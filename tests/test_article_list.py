"""The article lists of the section, tag and home pages (news.templatetags.portal.article_list):
what each line shows, the same on the three pages."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from .factories import make_article, make_attachment, make_section

pytestmark = pytest.mark.django_db


def list_lines(html):
    block = re.search(r'<ul class="article-list">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r"<li.*?</li>", block, re.S)


def test_a_line_shows_badges_paperclip_number_and_local_date(client):
    section = make_section(name="通知公告", slug="tzgg", show_in_nav=True)
    article = make_article(
        section=section,
        title="关于<年会>的通知 & 回执",
        pinned=True,
        doc_number="中膜协〔2024〕3号",
        reply_deadline=timezone.now() - timedelta(days=1),
        published_at=datetime(2024, 12, 31, 17, 30, tzinfo=UTC),
    )
    make_attachment(article, is_public=True)
    (line,) = list_lines(client.get("/section/tzgg/").content.decode())
    assert line.startswith('<li class="is-closed">')
    assert f'href="/article/{article.pk}/"' in line
    assert '<span class="badge">置顶</span><span class="badge badge-closed">已截止</span>' in line
    assert "关于&lt;年会&gt;的通知 &amp; 回执" in line  # escaped, never markup
    assert '<svg class="paperclip"' in line and "(有附件)" in line
    assert '<span class="doc-number">中膜协〔2024〕3号</span>' in line
    # Shanghai time: already the next day (and year) there.
    assert '<time datetime="2025-01-01T01:30:00+08:00">2025-01-01</time>' in line


def test_a_plain_line_has_no_badges_and_the_home_page_shows_it_the_same(client):
    section = make_section(name="协会动态", slug="xhdt", show_in_nav=True)
    make_article(section=section, title="普通文章")
    (on_section,) = list_lines(client.get("/section/xhdt/").content.decode())
    home = client.get("/").content.decode()
    assert on_section.startswith("<li>") and "badge" not in on_section
    assert "paperclip" not in on_section and "doc-number" not in on_section
    assert on_section in home


def test_an_empty_list_says_so(client):
    make_section(name="空栏目", slug="empty", show_in_nav=True)
    html = client.get("/section/empty/").content.decode()
    assert '<li class="empty">暂无文章。</li>' in html


def test_section_addresses_follow_the_script_prefix_and_quote_odd_slugs():
    from django.urls import reverse, set_script_prefix

    from news.models import Section

    assert Section(slug="xhdt").get_absolute_url() == "/section/xhdt/"
    odd = Section(slug="协会 动态")
    assert odd.get_absolute_url() == reverse("news:section-detail", kwargs={"slug": odd.slug})
    set_script_prefix("/site/")
    try:
        assert Section(slug="xhdt").get_absolute_url() == "/site/section/xhdt/"
    finally:
        set_script_prefix("/")


def test_the_home_page_s_lists_read_each_section_from_its_own_index():
    """SQLite without statistics read every published article and sorted them for each
    section (40 ms at 3,000 articles); PostgreSQL plans with its statistics."""
    from django.db import connection

    from news.listings import _latest_sql, _published_params

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite planner's choice")
    sections = [make_section(show_in_nav=True) for _ in range(2)]
    params = [v for s in sections for v in (s.pk, *_published_params("default"), 8)]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + _latest_sql("default", 2), params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "article_section_list_idx" in plan and "article_status_pub_idx" not in plan
