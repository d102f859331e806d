"""Roles: 编辑 may write and submit for review; only 主编 may publish, withdraw and manage."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import article_form_data, make_article, make_member, make_section

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:news_article_changelist"


def test_the_migration_creates_both_groups_with_their_permissions():
    editors = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="编辑").permissions.all()
    }
    chiefs = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="主编").permissions.all()
    }
    assert {"news.add_article", "news.change_article", "news.add_image"} <= editors
    assert not {"news.publish_article", "news.withdraw_article", "news.delete_article"} & editors
    assert not {"news.change_section", "news.add_hottag"} & editors
    assert editors < chiefs
    assert {
        "news.publish_article", "news.withdraw_article", "news.restore_article",
        "news.add_section", "news.change_hottag", "news.view_auditentry",
    } <= chiefs  # fmt: skip


def status_options(html):
    start = html.index('name="status"')
    return html[start : html.index("</select>", start)]


def test_editor_is_offered_only_draft_and_review(client):
    client.force_login(make_member("编辑"))
    html = client.get(reverse("admin:news_article_add")).content.decode()
    options = status_options(html)
    assert "草稿" in options and "待审核" in options
    assert "已发布" not in options and "已下线" not in options


def test_chief_editor_is_offered_publish_and_withdraw(client):
    client.force_login(make_member("主编"))
    options = status_options(client.get(reverse("admin:news_article_add")).content.decode())
    assert "已发布" in options and "已下线" in options


def test_editor_sees_no_publish_or_withdraw_action(client):
    make_article()
    client.force_login(make_member("编辑"))
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "提交审核" in html
    assert "发布所选文章" not in html and "下线所选文章" not in html
    assert "移入回收站" not in html


def test_editor_creates_and_submits_for_review(client):
    editor = make_member("编辑")
    article = make_article(status=Article.Status.DRAFT, created_by=editor)
    client.force_login(editor)
    client.post(
        reverse(CHANGELIST), {"action": "submit_for_review", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_crafted_post_cannot_publish_through_the_form(client):
    article = make_article(title="待审核的稿子", status=Article.Status.REVIEW)
    client.force_login(make_member("编辑"))
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, status="published"),
    )
    assert response.status_code == 200  # the form again, with an error
    assert "errorlist" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_crafted_post_cannot_add_a_published_article(client):
    section = make_section()
    client.force_login(make_member("编辑"))
    now = timezone.localtime()
    client.post(
        reverse("admin:news_article_add"),
        {
            "title": "偷偷发布", "section": section.pk, "body": "<p>正文</p>", "status": "published",
            "published_at_0": now.strftime("%Y-%m-%d"), "published_at_1": now.strftime("%H:%M:%S"),
            "author_title": "记者",
        },
    )  # fmt: skip
    assert not Article.objects.filter(title="偷偷发布").exists()


@pytest.mark.parametrize(
    "action", ["publish", "withdraw", "move_to_recycle_bin", "delete_selected"]
)
def test_crafted_action_posts_do_nothing_for_an_editor(client, action):
    review = make_article(status=Article.Status.REVIEW)
    live = make_article(status=Article.Status.PUBLISHED)
    client.force_login(make_member("编辑"))
    client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [review.pk, live.pk]})
    review.refresh_from_db()
    live.refresh_from_db()
    assert review.status == Article.Status.REVIEW
    assert live.status == Article.Status.PUBLISHED and live.deleted_at is None


def test_editor_cannot_withdraw_a_published_article_through_the_form(client):
    article = make_article(status=Article.Status.PUBLISHED)
    client.force_login(make_member("编辑"))
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, status="draft"),
    )
    assert "errorlist" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_editor_may_correct_a_typo_in_a_published_article(client):
    article = make_article(status=Article.Status.PUBLISHED, title="错别子")
    client.force_login(make_member("编辑"))
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, title="错别字"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "错别字" and article.status == Article.Status.PUBLISHED


def test_chief_editor_publishes_and_withdraws(client):
    article = make_article(status=Article.Status.REVIEW, title="审核通过")
    client.force_login(make_member("主编"))
    client.post(reverse(CHANGELIST), {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 200
    client.post(reverse(CHANGELIST), {"action": "withdraw", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_editor_cannot_move_the_publish_time_of_a_published_article(client):
    article = make_article(status=Article.Status.PUBLISHED)
    client.force_login(make_member("编辑"))
    later = timezone.localtime() + timezone.timedelta(days=3)
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, published_at_0=later.strftime("%Y-%m-%d")),
    )
    assert "只有主编可以修改已发布文章的发布时间" in response.content.decode()


def test_chief_editor_publishes_through_the_form(client):
    article = make_article(status=Article.Status.REVIEW)
    client.force_login(make_member("主编"))
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, status="published"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


@pytest.mark.parametrize("url", ["admin:news_section_add", "admin:news_hottag_add"])
def test_only_chief_editors_manage_sections_and_hot_tags(client, url):
    client.force_login(make_member("编辑"))
    assert client.get(reverse(url)).status_code == 403
    client.force_login(make_member("主编"))
    assert client.get(reverse(url)).status_code == 200


def test_chief_editor_adds_a_section(client):
    client.force_login(make_member("主编"))
    client.post(
        reverse("admin:news_section_add"),
        {"name": "技术交流", "slug": "jsjl", "position": 5, "show_in_nav": "on"},
    )
    assert client.get("/section/jsjl/").status_code == 200
