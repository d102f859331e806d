"""Whatever a visitor types into the search box gives results or a friendly message."""

import pytest
from django.urls import reverse

from news.models import Article
from news.search.engine import filter_articles, search

from .factories import make_article, make_staff

pytestmark = pytest.mark.django_db

BAD = [
    "",
    " ",
    "膜" * 10_000,
    "反渗透 " * 2_000,
    '"反渗透',
    '"反渗透"',
    "'反渗透'",
    "反渗透*",
    "*",
    "反渗透 OR 超滤",
    "OR",
    "AND NOT",
    "NEAR(反渗透 超滤)",
    "NEAR",
    "^反渗透",
    "-反渗透",
    "反渗透:超滤",
    "title_terms:反渗透",
    "{title_terms}: 反渗透",
    "(反渗透",
    "反渗透)",
    "((()))",
    "反渗透 & 超滤",
    "反渗透 | 超滤",
    "!反渗透",
    "反渗透 <-> 超滤",
    "反渗透:*",
    "'; DROP TABLE news_article; --",
    "1' OR '1'='1",
    "反渗透\\",
    "\\'",
    "%_%",
    "反渗透\x01\x02\x1b[31m",
    "\t\n\r",
    "\u200b\u200e\ufeff",
    "🙂💧 反渗透 🚰",
    "🙂",
    "!!!,。、;:“”《》",
    "……",
    "ＭＢＲ",
    "a" * 300,
    "𠀀𠀁",
]


@pytest.fixture
def article():
    return make_article(title="反渗透与超滤")


@pytest.mark.parametrize("q", BAD)
def test_search_page_never_fails(client, article, q):
    response = client.get(reverse("news:search"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert ("找到" in html) or ("没有找到" in html) or ("怎样搜索" in html)
    if "反渗透" in q and q.count("\x00") == 0:
        assert "反渗透与超滤" in html.replace("<mark>", "").replace("</mark>", "")


@pytest.mark.parametrize("q", [*BAD, "反渗透\x00超滤", "\x00"])
def test_engine_and_admin_filter_never_fail(q):
    results = search(q)
    results.count()
    results[0:20]
    list(filter_articles(Article.objects.all(), q))


def test_nul_gets_a_clear_message_not_an_error(client):
    response = client.get("/search/", {"q": "反渗透\x00"})
    assert response.status_code == 400
    assert "无效字符" in response.content.decode()


def test_long_query_is_cut_with_a_note(client, article):
    html = client.get("/search/", {"q": "反渗透 " + "超滤" * 200}).content.decode()
    assert "关键词太长" in html and "反渗透与超滤" in html.replace("<mark>", "").replace(
        "</mark>", ""
    )


@pytest.mark.parametrize("q", ["'; DROP TABLE news_article; --", "反渗透 OR 超滤", '"', "*"])
def test_admin_search_never_fails(client, article, q):
    client.force_login(make_staff())
    response = client.get(reverse("admin:news_article_changelist"), {"q": q})
    assert response.status_code == 200
    assert Article.objects.filter(pk=article.pk).exists()
