"""Every save keeps a revision; editors compare two in Chinese and restore one."""

import pytest
from django.urls import reverse

from news import revisions
from news.models import Article

from .factories import article_form_data, make_article, make_member

pytestmark = pytest.mark.django_db


def test_every_save_keeps_a_revision_with_who_and_what_changed():
    editor = make_member("编辑", username="zhang")
    article = make_article(title="初稿标题", status=Article.Status.DRAFT, updated_by=editor)
    article.tags.set(["膜技术"])
    first = article.revisions.get()
    assert first.number == 1 and first.user == editor
    assert first.data["title"] == "初稿标题" and first.data["tags"] == ["膜技术"]

    article.title = "改过的标题"
    article.save()
    article.tags.add("反渗透")
    second = article.revisions.order_by("-number").first()
    assert second.number == 2
    assert second.changed == ["title", "tags"]
    assert second.changed_labels == ["标题", "标签"]
    assert second.data["tags"] == ["反渗透", "膜技术"]


def test_a_tag_change_alone_is_a_revision_too():
    article = make_article(tags=["甲"])
    Article.objects.get(pk=article.pk).tags.add("乙")
    latest = article.revisions.order_by("-number").first()
    assert latest.changed == ["tags"] and latest.note == "修改标签"


def test_a_save_that_changes_nothing_adds_no_revision():
    article = make_article()
    article.save()
    assert article.revisions.count() == 1


def test_admin_save_records_the_editor_and_the_tags(client):
    editor = make_member("编辑", username="li")
    article = make_article(status=Article.Status.DRAFT, tags=["旧标签"])
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, body="<p>新的正文</p>", tags="新标签"),
    )
    assert response.status_code == 302
    latest = article.revisions.order_by("-number").first()
    assert latest.user == editor
    assert set(latest.changed) >= {"body", "tags"}
    assert latest.data["tags"] == ["新标签"]
    history = client.get(reverse("admin:news_article_history", args=[article.pk]))
    html = history.content.decode()
    assert "修订历史" in html and "第 2 版" in html and "<td>li</td>" in html
    assert "正文" in html and "标签" in html and "恢复此版本" in html


def test_compare_shows_what_changed_in_chinese(client):
    article = make_article(
        title="膜产业大会召开", body="<p>第一段不变。</p><p>会议在北京举行。</p>"
    )
    article.title = "膜产业大会隆重召开"
    article.body = "<p>第一段不变。</p><p>会议在威海举行。</p><p>新增的一段。</p>"
    article.save()
    client.force_login(make_member("编辑"))
    response = client.get(
        reverse("admin:news_article_revision_compare", args=[article.pk]), {"a": 1, "b": 2}
    )
    html = response.content.decode()
    assert "对比第 1 版和第 2 版" in html
    assert "膜产业大会<ins>隆重</ins>召开" in html
    assert "会议在<del>北京</del><ins>威海</ins>举行。" in html
    assert "<ins>+ 新增的一段。</ins>" in html
    assert '<p class="row-same">第一段不变。</p>' in html


def test_compare_escapes_the_content():
    rows = revisions.body_diff("<p>a</p>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert all("<script>" not in str(html) for _, html in rows)


def test_compare_asks_again_for_bad_input(client):
    article = make_article()
    client.force_login(make_member("编辑"))
    url = reverse("admin:news_article_revision_compare", args=[article.pk])
    for params in ({}, {"a": "x", "b": "1"}, {"a": 1, "b": 1}, {"a": 1, "b": 99}):
        assert client.get(url, params).status_code == 302


def test_restore_brings_back_content_and_tags_but_not_status(client):
    article = make_article(title="原标题", body="<p>原正文</p>", tags=["原标签"])
    article.title, article.body = "乱改的标题", "<p>乱改的正文</p>"
    article.status = Article.Status.WITHDRAWN
    article.save()
    article.tags.set(["乱标签"])
    editor = make_member("编辑")
    client.force_login(editor)
    response = client.post(reverse("admin:news_article_revision_restore", args=[article.pk, 1]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("原标题", "<p>原正文</p>")
    assert list(article.tags.names()) == ["原标签"]
    assert article.status == Article.Status.WITHDRAWN
    latest = article.revisions.order_by("-number").first()
    assert latest.note == "恢复到第 1 版" and latest.user == editor
    assert article.revisions.filter(data__title="乱改的标题").exists()  # nothing lost


def test_restore_needs_post(client):
    article = make_article(title="原标题")
    article.title = "新标题"
    article.save()
    client.force_login(make_member("编辑"))
    client.get(reverse("admin:news_article_revision_restore", args=[article.pk, 1]))
    article.refresh_from_db()
    assert article.title == "新标题"
