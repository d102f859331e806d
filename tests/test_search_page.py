"""The search page: results, highlighting, filters, paging, hot searches and query counts."""

import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from association.site.models import SiteSettings
from association.web.pagecache.version import bump_content_version
from news.search import hot
from news.search.hot import hot_searches
from news.search.models import SearchTerm

from .factories import make_article, make_section, make_staff
from .search_helpers import FILLER, body

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get(reverse("news:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_url_name_and_results_show_title_snippet_section_source_date(client):
    assert reverse("news:search") == "/search/"
    section = make_section(name="行业资讯")
    make_article(
        section, title="反渗透海水淡化厂投产", source="威海日报",
        body=body(FILLER * 3, "新建的反渗透装置日产淡水十万吨。", FILLER * 3),
        published_at=timezone.make_aware(timezone.datetime(2018, 3, 8, 8, 40)),
    )  # fmt: skip
    html = page(client, q="反渗透")
    assert "<mark>反渗透</mark>海水淡化厂投产" in html
    assert "新建的<mark>反渗透</mark>装置日产淡水十万吨" in html  # the snippet is around the match
    assert "…" in html  # and cut from a longer text
    assert ">行业资讯</a>" in html and "来源:威海日报" in html and ">2018-03-08</time>" in html
    assert "找到 1 篇" in html


def test_everything_is_escaped_before_marking(client):
    make_article(
        title="<script>alert(1)</script>纳滤", body=body("纳滤 &lt;img src=x onerror=alert(2)&gt;")
    )
    html = page(client, q="纳滤 <b>x</b>")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>纳滤</mark>" in html
    assert "<b>x</b>" not in html


def test_traditional_query_highlights_simplified_text(client):
    make_article(title="反渗透膜技术研讨会")
    html = page(client, q="反滲透")
    assert "<mark>反渗透</mark>膜技术研讨会" in html


def test_empty_query_shows_help_and_hot_searches(client):
    SearchTerm.objects.create(term="超滤", count=5)
    html = page(client, q="")
    assert "怎样搜索" in html and 'href="?q=反渗透"' in html
    assert "热门搜索" in html and 'href="/search/?q=%E8%B6%85%E6%BB%A4"' in html
    html = page(client, q="!!! ……")
    assert "没有可以搜索的字词" in html


def test_no_results_says_what_to_try(client):
    make_article(title="超滤")
    html = page(client, q="石墨烯")
    assert "没有找到与“石墨烯”有关的文章" in html


def test_twenty_a_page_and_paging_keeps_the_query(client):
    section = make_section()
    for n in range(45):
        make_article(
            section, title=f"微滤第{n}篇", published_at=timezone.now() - timedelta(hours=n)
        )
    html = page(client, q="微滤", sort="date")
    assert html.count('<li>\n    <h2><a href="/article/') == 20
    assert "共 45 篇,第 1/3 页" in html
    assert 'href="?q=%E5%BE%AE%E6%BB%A4&amp;sort=date&amp;page=2"' in html
    html = page(client, q="微滤", sort="date", page="3")
    assert html.count('<li>\n    <h2><a href="/article/') == 5 and "第44篇" in html
    assert "第44篇" in page(client, q="微滤", sort="date", page="999")  # last page
    assert "第0篇<" in page(client, q="微滤", sort="date", page="abc")  # first page


def text(html):
    return re.sub(r"<[^>]+>", "", html)


def test_filters_and_bad_filters(client):
    a, b = make_section(slug="a"), make_section(slug="b")
    make_article(a, title="电渗析甲", published_at=timezone.now() - timedelta(days=40))
    make_article(b, title="电渗析乙", published_at=timezone.now() - timedelta(days=1))
    html = text(page(client, q="电渗析", section="b"))
    assert "电渗析乙" in html and "电渗析甲" not in html
    start = (timezone.localdate() - timedelta(days=7)).isoformat()
    html = text(page(client, q="电渗析", start=start))
    assert "电渗析乙" in html and "电渗析甲" not in html
    html = text(page(client, q="电渗析", section="nope", start="2018-13-45", end="x", sort="bad"))
    assert "电渗析乙" in html and "电渗析甲" in html
    for message in ("没有这个栏目", "开始日期格式不对", "结束日期格式不对", "不支持这种排序"):
        assert message in html
    html = text(page(client, q="电渗析", start="2020-01-02", end="2020-01-01"))
    assert "结束日期早于开始日期" in html and "电渗析乙" in html


def search_and_count(client, **params):
    """Load the results page and, as its script does, POST its counting beacon."""
    html = page(client, **params)
    found = re.search(r'data-view-url="([^"]+)"', html)
    if found:
        beacon = client.post(unescape(found.group(1)), HTTP_USER_AGENT="Mozilla/5.0 Chrome/130")
        assert beacon.status_code == 204
    return html


def test_searches_are_counted_and_editors_can_hide_terms(client):
    make_article(title="海水淡化项目")
    for _ in range(3):
        search_and_count(client, q="海水淡化")
    search_and_count(client, q="  海水淡化 ")
    search_and_count(client, q="海水淡化", page="2")  # paging is not another search
    search_and_count(client, q="没有结果的词")  # nothing found: not counted
    client.post("/search/count/?q=海水淡化", HTTP_USER_AGENT="Baiduspider")  # a bot
    assert not SearchTerm.objects.exists()  # counted in batches, not on every search
    assert hot.searches.pending() == {"海水淡化": 4}
    call_command("flush_view_counts", stdout=StringIO())
    assert SearchTerm.objects.get(term="海水淡化").count == 4
    assert not SearchTerm.objects.filter(term="没有结果的词").exists()
    assert hot_searches() == ["海水淡化"]
    assert "热门搜索" in client.get("/").content.decode()
    editor = Client()
    editor.force_login(make_staff())
    term = SearchTerm.objects.get(term="海水淡化")
    editor.post(
        reverse("admin:search_searchterm_changelist"),
        {"action": "hide", "_selected_action": [term.pk]},
    )
    assert hot_searches() == []
    assert "热门搜索" not in client.get("/").content.decode()  # the cached home page renewed


def build(n, section):
    SiteSettings.load()
    for i in range(n):
        make_article(section, title=f"超滤项目{i}", body=body("超滤膜。", FILLER), tags=["超滤"])


@pytest.mark.parametrize(
    "params",
    [{"q": "超滤"}, {"q": "超滤 项目", "page": "2"}, {"q": "超滤", "sort": "date", "section": "qs"},
     {"q": ""}],
)  # fmt: skip
def test_query_count_is_fixed(client, settings, params):
    settings.SEARCH_DICTIONARY_CHECK_SECONDS = 3600
    section = make_section(slug="qs")
    build(5, section)
    client.get("/search/", params)  # warm: dictionary loaded
    counts = []
    for more in (0, 45):
        build(more, section)
        bump_content_version()  # measure a first render after a change both times
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/search/", params)
        counts.append(len(ctx.captured_queries))
        assert response["X-Page-Cache"] == "miss"
    assert counts[0] == counts[1]
    # the site chrome once per content version: settings, nav, hot tags (3 with none chosen:
    # the recent articles' ids, then their tags), the association's pages; the sections;
    # then count, ids, articles or, with no query, hot searches (searches count by beacon)
    assert counts[0] == (8 if not params["q"] else 10)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/search/", params)
    assert response["X-Page-Cache"] == "hit" and len(ctx.captured_queries) == 0


def test_very_common_words_list_the_best_few_and_say_so(client, settings):
    settings.SEARCH_MAX_RESULTS = 3
    section = make_section()
    for n in range(5):
        make_article(section, title=f"膜法第{n}篇")
    html = page(client, q="膜法")
    assert "超过 3 篇" in html and "列出最相关的 3 篇" in html
    assert html.count('<li>\n    <h2><a href="/article/') == 3
