"""Editors: article search in the admin, the industry dictionary and hidden hot searches."""

import pytest
from django.urls import reverse

from news.models import Article
from news.search.hot import hot_searches
from news.search.models import IndustryTerm, SearchDocument, SearchTerm

from .factories import make_article, make_staff
from .search_helpers import fresh_dictionary  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(make_staff())
    return client


def changelist_titles(client, q):
    response = client.get(reverse("admin:news_article_changelist"), {"q": q})
    assert response.status_code == 200
    return sorted(str(a) for a in response.context["cl"].result_list)


def test_admin_article_search_is_the_site_search_with_drafts(editor):
    make_article(title="反渗透膜国产化", status=Article.Status.DRAFT)
    make_article(title="协会动态", body="<p>超滤与反渗透组合工艺。</p>")
    make_article(title="妥协会议")
    assert changelist_titles(editor, "反渗透") == ["协会动态", "反渗透膜国产化"]
    assert changelist_titles(editor, "反滲透") == ["协会动态", "反渗透膜国产化"]
    assert changelist_titles(editor, "协会") == ["协会动态"]
    assert changelist_titles(editor, "!!!") == []
    assert len(changelist_titles(editor, "")) == 3


def test_admin_search_combines_with_filters(editor):
    make_article(title="纳滤草稿", status=Article.Status.DRAFT)
    make_article(title="纳滤已发布")
    response = editor.get(
        reverse("admin:news_article_changelist"), {"q": "纳滤", "status__exact": "draft"}
    )
    assert [str(a) for a in response.context["cl"].result_list] == ["纳滤草稿"]


@pytest.mark.usefixtures("fresh_dictionary")
def test_adding_a_dictionary_word_reindexes_the_articles_that_hold_it(editor):
    article = make_article(title="渗透能发电示范项目")
    assert "渗透能发电" not in SearchDocument.objects.get(pk=article.pk).title_terms.split()
    response = editor.post(
        reverse("admin:search_industryterm_add"), {"word": "渗透能发电", "note": ""}, follow=True
    )
    assert "已重新索引 1 篇" in response.content.decode()
    assert "渗透能发电" in SearchDocument.objects.get(pk=article.pk).title_terms.split()
    term = IndustryTerm.objects.get(word="渗透能发电")
    response = editor.post(
        reverse("admin:search_industryterm_delete", args=[term.pk]), {"post": "yes"}, follow=True
    )
    assert "渗透能发电" not in SearchDocument.objects.get(pk=article.pk).title_terms.split()


@pytest.mark.usefixtures("fresh_dictionary")
def test_dictionary_words_must_be_one_word(editor):
    response = editor.post(
        reverse("admin:search_industryterm_add"), {"word": "反渗 透!", "note": ""}
    )
    assert "不能有空格或标点" in response.content.decode()
    assert not IndustryTerm.objects.filter(word__contains=" ").exists()


def test_seeded_dictionary_is_in_the_admin_in_chinese(editor):
    html = editor.get(reverse("admin:search_industryterm_changelist")).content.decode()
    assert "行业词典" in html and "膜生物反应器" in html


def test_editors_hide_and_show_hot_searches(editor):
    SearchTerm.objects.create(term="反渗透", count=9)
    SearchTerm.objects.create(term="不雅词", count=20)
    url = reverse("admin:search_searchterm_changelist")
    editor.post(
        url,
        {"action": "hide", "_selected_action": [SearchTerm.objects.get(term="不雅词").pk]},
    )
    assert hot_searches() == ["反渗透"]
    editor.post(
        url, {"action": "show", "_selected_action": [SearchTerm.objects.get(term="不雅词").pk]}
    )
    assert hot_searches() == ["不雅词", "反渗透"]
    assert editor.get(reverse("admin:search_searchterm_add")).status_code == 403
