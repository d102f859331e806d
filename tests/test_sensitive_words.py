"""敏感词: a draft that contains a listed word saves with a warning; publishing is blocked."""

import pytest
from django.urls import reverse

from news.models import Article, SensitiveWord
from news.workflow import find_sensitive_words

from .factories import article_form_data, make_article, make_member

pytestmark = pytest.mark.django_db


def test_finds_each_word_with_where_and_context():
    hits = find_sensitive_words(
        {
            "标题": "关于某某产品的通知",
            "正文": "<p>本次会议介绍了<strong>某某产品</strong>的最新进展。</p>",
        },
        words=["某某产品", "不存在的词"],
    )
    assert [(h.word, h.field) for h in hits] == [("某某产品", "标题"), ("某某产品", "正文")]
    assert hits[1].snippet == "本次会议介绍了【某某产品】的最新进展。"
    assert str(hits[0]) == "“某某产品”(标题):关于【某某产品】的通知"


def test_long_text_snippets_are_cut_around_the_word():
    text = "前" * 40 + "违禁词" + "后" * 40
    (hit,) = find_sensitive_words({"正文": text}, words=["违禁词"])
    assert hit.snippet == "…" + "前" * 12 + "【违禁词】" + "后" * 12 + "…"


def test_editor_manages_the_list(client):
    client.force_login(make_member("编辑"))
    response = client.post(
        reverse("admin:news_sensitiveword_add"), {"word": " 违禁词 ", "note": "测试"}
    )
    assert response.status_code == 302
    assert SensitiveWord.objects.get().word == "违禁词"


def test_saving_a_draft_warns_and_shows_where(client):
    SensitiveWord.objects.create(word="违禁词")
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(make_member("编辑"))
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, body="<p>这段文字里有违禁词出现。</p>"),
        follow=True,
    )
    html = response.content.decode()
    assert "提醒:文章含有敏感词" in html and "这段文字里有【违禁词】出现。" in html
    article.refresh_from_db()
    assert "违禁词" in article.body  # saved: a draft is not blocked


def test_publishing_through_the_form_is_blocked(client):
    SensitiveWord.objects.create(word="违禁词")
    article = make_article(status=Article.Status.REVIEW, title="标题含违禁词")
    client.force_login(make_member("主编"))
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, status="published"),
    )
    html = response.content.decode()
    assert "含有敏感词,不能发布" in html and "标题含【违禁词】" in html
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_publish_action_skips_articles_with_sensitive_words(client):
    SensitiveWord.objects.create(word="违禁词")
    bad = make_article(status=Article.Status.REVIEW, body="<p>正文里有违禁词。</p>")
    good = make_article(status=Article.Status.REVIEW)
    client.force_login(make_member("主编"))
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [bad.pk, good.pk]},
        follow=True,
    )
    assert "没有发布" in response.content.decode()
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == Article.Status.REVIEW and good.status == Article.Status.PUBLISHED
