"""Anonymous pages come from the cache, and every kind of change is visible on the next request."""

import time
from datetime import timedelta

import pytest
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils import timezone
from taggit.models import Tag

from association.site.models import SiteSettings
from association.web.pagecache.version import bump_content_version
from news.models import Article, HotTag

from .factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


def warm(client, url):
    """Fetch url until it is served from the cache; return its HTML."""
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def fresh(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


@pytest.fixture
def site():
    SiteSettings.load()  # a running site has it; creating it is itself a change
    section = make_section(name="协会动态", slug="xhdt")
    article = make_article(section, title="原来的标题", tags=["膜技术"])
    return section, article


def test_second_anonymous_request_is_served_from_the_cache(client, site):
    first = client.get("/")
    second = client.get("/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content


def test_publishing_shows_on_home_and_section(client, site):
    section, _ = site
    warm(client, "/")
    warm(client, "/section/xhdt/")
    make_article(section, title="刚刚发布的新闻")
    assert "刚刚发布的新闻" in fresh(client, "/")[1]
    assert "刚刚发布的新闻" in fresh(client, "/section/xhdt/")[1]


def test_editing_shows_on_article_and_lists(client, site):
    _, article = site
    warm(client, article.get_absolute_url())
    warm(client, "/")
    article.title = "改过的标题"
    article.save()
    assert "改过的标题" in fresh(client, article.get_absolute_url())[1]
    assert "改过的标题" in fresh(client, "/")[1]


@pytest.mark.parametrize("status", [Article.Status.WITHDRAWN, Article.Status.DRAFT])
def test_withdrawing_hides_at_once(client, site, status):
    _, article = site
    warm(client, article.get_absolute_url())
    warm(client, "/tags/膜技术/")
    article.status = status
    article.save()
    assert fresh(client, article.get_absolute_url())[0] == 404
    assert "原来的标题" not in fresh(client, "/tags/膜技术/")[1]


def test_deleting_hides_at_once(client, site):
    _, article = site
    url = article.get_absolute_url()
    warm(client, url)
    article.delete()
    assert fresh(client, url)[0] == 404


def test_changing_tags_shows(client, site):
    _, article = site
    warm(client, article.get_absolute_url())
    article.tags.add("海水淡化")
    assert "海水淡化" in fresh(client, article.get_absolute_url())[1]
    article.tags.remove("膜技术")
    assert "膜技术" not in fresh(client, article.get_absolute_url())[1]
    Tag.objects.filter(name="海水淡化").get().delete()
    assert "海水淡化" not in fresh(client, article.get_absolute_url())[1]


def test_renaming_a_tag_shows(client, site):
    _, article = site
    warm(client, article.get_absolute_url())
    tag = Tag.objects.get(name="膜技术")
    tag.name = "膜分离技术"
    tag.save()
    assert "膜分离技术" in fresh(client, article.get_absolute_url())[1]


def test_section_changes_show(client, site):
    section, _ = site
    warm(client, "/")
    section.name = "协会新闻"
    section.save()
    assert "协会新闻" in fresh(client, "/")[1]
    make_section(name="会员之窗", slug="hyzc")
    assert "会员之窗" in fresh(client, "/")[1]


def test_hot_tags_show(client, site):
    warm(client, "/")
    HotTag.objects.create(tag=Tag.objects.create(name="热议话题"), position=1)
    assert "热议话题" in fresh(client, "/")[1]


def test_site_settings_show(client, site):
    warm(client, "/")
    settings_row = SiteSettings.load()
    settings_row.welcome_text = "欢迎参加2026膜产业大会!"
    settings_row.save()
    assert "欢迎参加2026膜产业大会!" in fresh(client, "/")[1]


def test_scheduled_article_appears_when_its_time_comes(client, site):
    section, _ = site
    when = timezone.now() + timedelta(seconds=1.5)
    scheduled = make_article(section, title="定时发布的通知", published_at=when)
    html = warm(client, "/")
    assert "定时发布的通知" not in html
    assert fresh(client, scheduled.get_absolute_url())[0] == 404
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.1)
    assert "定时发布的通知" in fresh(client, "/")[1]  # nobody saved anything in between
    assert fresh(client, scheduled.get_absolute_url())[0] == 200


def test_bulk_update_needs_an_explicit_bump(client, site):
    _, article = site
    warm(client, "/")
    Article.objects.filter(pk=article.pk).update(title="批量改名")  # no model signals
    assert "批量改名" not in fresh(client, "/")[1]
    bump_content_version()
    assert "批量改名" in fresh(client, "/")[1]


# --- validators and Cache-Control


def test_public_pages_carry_validators_and_cache_control(client, site):
    for response in (client.get("/"), client.get("/")):  # a miss and a hit
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_matching_conditional_requests_get_304(client, site):
    first = client.get("/section/xhdt/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/section/xhdt/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/section/xhdt/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    other = client.get("/section/xhdt/", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other.content == first.content


def test_after_a_change_old_validators_get_the_new_page(client, site):
    _, article = site
    first = client.get("/")
    article.title = "新标题"
    article.save()
    again = client.get(
        "/", HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 200 and "新标题" in again.content.decode()
    assert again["ETag"] != first["ETag"]
    only_date = client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert only_date.status_code == 200


# --- what is never cached


def test_logged_in_editors_always_get_fresh_private_pages(client, site):
    _, article = site
    warm(client, "/")
    Article.objects.filter(pk=article.pk).update(title="只有编辑看得到的改动")
    client.force_login(make_staff())
    response = client.get("/")
    assert "只有编辑看得到的改动" in response.content.decode()
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_staff_preview_never_reaches_visitors(client, site):
    draft = make_article(title="草稿预览", status=Article.Status.DRAFT)
    client.force_login(make_staff())
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_admin_is_never_cached(client, site):
    for _ in range(2):
        response = client.get("/admin/login/")
        assert "X-Page-Cache" not in response
        assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_share_tracking_parameters_use_the_plain_pages_cache_entry(client, site):
    _, article = site
    url = article.get_absolute_url()
    plain = client.get(url)
    shared = client.get(url + "?from=singlemessage&isappinstalled=0")
    assert shared["X-Page-Cache"] == "hit" and shared.content == plain.content
    assert client.get("/section/xhdt/?page=1&utm_source=weixin")["X-Page-Cache"] == "miss"


def test_unknown_query_parameters_and_errors_are_not_cached(client, site):
    assert "X-Page-Cache" not in client.get("/?sort=oldest")
    client.get("/section/none/")
    assert client.get("/section/none/").get("X-Page-Cache") is None


def _sets_csrf_cookie(request):
    get_token(request)
    return HttpResponse("<form>表单</form>")


def _adds_a_message(request):
    messages.info(request, "已保存")
    return HttpResponse("已保存")


urlpatterns = [path("form/", _sets_csrf_cookie), path("saved/", _adds_a_message)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/form/", "/saved/"])
def test_responses_that_set_cookies_are_not_cached(client, url):
    first = client.get(url)
    assert first.cookies and "X-Page-Cache" not in first
    assert "X-Page-Cache" not in client.get(url)


def test_requests_carrying_messages_bypass_the_cache(client, site):
    warm(client, "/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/")


def broken_schedule(now):
    """A schedule hook whose table lacks a column (as during a data migration)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM news_article")


def test_a_failing_schedule_hook_does_not_abort_the_save_that_renewed_the_version(settings):
    from django.db import transaction

    settings.PAGE_CACHE_SCHEDULES = ["tests.test_page_cache.broken_schedule"]
    with transaction.atomic():
        make_article(title="数据迁移中保存")  # renews the version, which asks the hook
        # On PostgreSQL an error without a savepoint aborts the transaction: this would fail.
        assert Article.objects.filter(title="数据迁移中保存").exists()
