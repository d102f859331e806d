"""Deleting goes to a recycle bin; chief editors see the audit trail and restore."""

import pytest
from django.urls import reverse

from association.web.pagecache.version import current_version
from news.models import Article, AuditEntry, popular_tags
from news.workflow import move_to_recycle_bin, restore_from_recycle_bin

from .factories import make_article, make_member

pytestmark = pytest.mark.django_db


def delete_in_admin(client, article):
    url = reverse("admin:news_article_delete", args=[article.pk])
    page = client.get(url).content.decode()
    assert "移入回收站" in page
    return client.post(url, {"post": "yes"})


def test_delete_moves_to_the_recycle_bin_and_off_the_site(client):
    article = make_article(title="被删除的文章", tags=["回收"])
    chief = make_member("主编", username="chief")
    client.force_login(chief)
    assert delete_in_admin(client, article).status_code == 302

    article.refresh_from_db()
    assert article.deleted_at is not None and Article.objects.filter(pk=article.pk).exists()
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert "回收" not in [t.name for t in popular_tags()]
    listed = client.get(reverse("admin:news_article_changelist")).context["cl"].result_list
    assert article not in list(listed)
    assert client.get(article.get_absolute_url()).status_code == 404  # staff preview too
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "被删除的文章" not in client.get("/").content.decode()
    assert "被删除的文章" not in client.get(article.section.get_absolute_url()).content.decode()


def test_chief_editor_restores_from_the_recycle_bin(client):
    article = make_article(title="误删的文章")
    client.force_login(make_member("主编"))
    delete_in_admin(client, article)
    bin_page = client.get(reverse("admin:news_deletedarticle_changelist")).content.decode()
    assert "误删的文章" in bin_page
    client.post(
        reverse("admin:news_deletedarticle_changelist"),
        {"action": "restore", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.deleted_at is None
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_audit_trail_records_publish_withdraw_delete_and_restore(client):
    chief = make_member("主编", username="laoli")
    article = make_article(title="审计文章", status=Article.Status.REVIEW)
    client.force_login(chief)
    changelist = reverse("admin:news_article_changelist")
    for action in ("publish", "withdraw"):
        client.post(changelist, {"action": action, "_selected_action": [article.pk]})
    delete_in_admin(client, article)
    client.post(
        reverse("admin:news_deletedarticle_changelist"),
        {"action": "restore", "_selected_action": [article.pk]},
    )
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "user__username"))
    assert entries == [
        ("publish", "laoli"),
        ("withdraw", "laoli"),
        ("delete", "laoli"),
        ("restore", "laoli"),
    ]
    html = client.get(reverse("admin:news_auditentry_changelist")).content.decode()
    for label in ("发布", "下线", "删除(移入回收站)", "从回收站恢复", "审计文章", "laoli"):
        assert label in html


def test_editors_see_neither_the_bin_nor_the_audit_trail(client):
    client.force_login(make_member("编辑"))
    assert client.get(reverse("admin:news_deletedarticle_changelist")).status_code == 403
    assert client.get(reverse("admin:news_auditentry_changelist")).status_code == 403
    article = make_article()
    assert (
        client.post(
            reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    article.refresh_from_db()
    assert article.deleted_at is None


def test_the_recycle_bin_renews_cached_pages_itself(client):
    """QuerySet.update() sends no signal, and the audit entry saved next changes no page: the
    move and the restore renew the content version themselves."""
    article = make_article(title="缓存中的文章")
    chief = make_member("主编", username="chief")
    assert "缓存中的文章" in client.get("/").content.decode()  # now in the page cache

    before = current_version()["token"]
    AuditEntry.log(AuditEntry.Action.PUBLISH, article, chief)
    assert current_version()["token"] == before  # an editor's record changes no public page

    move_to_recycle_bin(article, chief)
    assert current_version()["token"] != before
    assert "缓存中的文章" not in client.get("/").content.decode()
    restore_from_recycle_bin(article, chief)
    assert "缓存中的文章" in client.get("/").content.decode()
