"""Only changes a public page can show renew the content version (and so empty the page cache):
an editor working on drafts leaves every cached page as it is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from association.site.models import SiteSettings
from association.web.pagecache.version import current_version
from news.models import Article
from news.revisions import restore

from .factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


def token():
    return current_version()["token"]


@pytest.fixture
def draft():
    SiteSettings.load()  # a running site has it; creating it is itself a change
    Tag.objects.create(name="反渗透", slug="反渗透")  # a new tag is a change of its own
    return make_article(make_section(), title="草稿", status=Article.Status.DRAFT, tags=["膜技术"])


def test_creating_and_editing_a_draft_renews_nothing(draft):
    before = token()
    make_article(draft.section, title="又一篇草稿", status=Article.Status.DRAFT, tags=["膜技术"])
    loaded = Article.objects.get(pk=draft.pk)
    loaded.title = "草稿改了标题"
    loaded.save()
    loaded.tags.set(["反渗透"])
    assert token() == before
    # The editor's records of it (revisions, audit entries) renew nothing either.
    assert loaded.revisions.count() >= 2


def test_publishing_a_draft_renews_the_version(client, draft):
    before = token()
    loaded = Article.objects.get(pk=draft.pk)
    loaded.status = Article.Status.PUBLISHED
    loaded.save()
    assert token() != before
    assert "草稿" in client.get("/").content.decode()


def test_editing_a_published_or_scheduled_article_renews_it():
    section = make_section()
    public = make_article(section, title="已发布")
    scheduled = make_article(
        section, title="定时发布", published_at=timezone.now() + timedelta(days=1)
    )
    for article in (public, scheduled):
        before = token()
        loaded = Article.objects.get(pk=article.pk)
        loaded.title += "(更新)"
        loaded.save()
        assert token() != before, article.title


def test_withdrawing_renews_but_editing_a_withdrawn_article_does_not():
    article = make_article(make_section(), title="将撤回")
    loaded = Article.objects.get(pk=article.pk)
    loaded.status = Article.Status.WITHDRAWN
    before = token()
    loaded.save()
    after_withdraw = token()
    assert after_withdraw != before
    again = Article.objects.get(pk=article.pk)
    again.body = "<p>撤回后修改。</p>"
    again.save()
    assert token() == after_withdraw


def test_restoring_an_old_revision_of_a_draft_renews_nothing(draft):
    loaded = Article.objects.get(pk=draft.pk)
    loaded.title = "第二版"
    loaded.save()
    before = token()
    restore(loaded, loaded.revisions.order_by("number").first(), make_staff())
    assert Article.objects.get(pk=draft.pk).title == "草稿"
    assert token() == before


def test_a_cached_page_survives_an_editor_saving_drafts(client, draft):
    make_article(draft.section, title="首页上的文章")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    for n in range(3):
        loaded = Article.objects.get(pk=draft.pk)
        loaded.body = f"<p>第{n}次保存草稿。</p>"
        loaded.save()
    assert client.get("/")["X-Page-Cache"] == "hit"
