"""Scoped renewal: a change only an article's own page shows renews that page (and the pages of
every article's text: search, feeds, sitemaps), not the whole site's content version."""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date

from association.site.models import SiteSettings
from association.web.pagecache import files as pagefiles
from association.web.pagecache.version import current_version, follow_scoped_changes
from news.models import Article

from .factories import article_form_data, make_article, make_section, make_staff
from .test_cache_outage import DOWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    SiteSettings.load()  # a running site has it; creating it is itself a change
    section = make_section(name="协会动态", slug="xhdt")
    hour = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    edited = make_article(
        section, title="被编辑的文章", summary="摘要", body="<p>旧的正文。</p>", published_at=hour
    )
    other = make_article(section, title="另一篇文章", published_at=hour - timedelta(hours=1))
    return edited, other


def warm(client, url):
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response


def edit(article, **fields):
    loaded = Article.objects.get(pk=article.pk)
    for name, value in fields.items():
        setattr(loaded, name, value)
    loaded.save()


def test_a_body_edit_shows_at_once_and_leaves_the_rest_of_the_site_cached(client, site):
    edited, other = site
    for url in (edited.get_absolute_url(), other.get_absolute_url(), "/", "/section/xhdt/"):
        warm(client, url)
    token = current_version()["token"]
    edit(edited, body="<p>新的正文。</p>", author="姜倩倩")
    response = client.get(edited.get_absolute_url())
    html = response.content.decode()
    assert response["X-Page-Cache"] == "miss" and "新的正文" in html and "姜倩倩" in html
    assert "旧的正文" not in html
    # The home page, the section and the other article are served as they were cached.
    for url in ("/", "/section/xhdt/", other.get_absolute_url()):
        assert client.get(url)["X-Page-Cache"] == "hit", url
    assert current_version()["token"] == token


def test_the_kept_article_parts_follow_a_body_edit(client, site):
    edited, other = site
    client.cookies["messages"] = "x"  # past the page cache: the view's kept parts answer
    client.get(edited.get_absolute_url())
    client.get(other.get_absolute_url())
    edit(edited, body="<p>改过的正文。</p>")
    assert "改过的正文" in client.get(edited.get_absolute_url()).content.decode()


def test_other_articles_are_not_rendered_again(client, site, django_assert_num_queries):
    edited, other = site
    warm(client, other.get_absolute_url())
    edit(edited, body="<p>新的正文。</p>")
    with django_assert_num_queries(0):
        assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "fields",
    [{"title": "新的标题"}, {"summary": "新的摘要"}, {"pinned": True}, {"status": "withdrawn"}],
)
def test_a_change_lists_show_renews_the_whole_site(client, site, fields):
    edited, _ = site
    warm(client, "/")
    token = current_version()["token"]
    edit(edited, **fields)
    assert current_version()["token"] != token
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    if "title" in fields:
        assert "新的标题" in response.content.decode()


def test_search_feeds_and_sitemaps_follow_the_text(client, site):
    edited, _ = site
    for url in ("/rss/", "/sitemap-articles.xml", "/search/?q=正文"):
        warm(client, url)
    edit(edited, body="<p>正文里多了一个词:纳滤膜。</p>")
    assert "纳滤膜" in client.get("/rss/").content.decode()
    assert client.get("/sitemap-articles.xml")["X-Page-Cache"] == "miss"
    assert client.get("/search/?q=正文")["X-Page-Cache"] == "miss"


def test_last_modified_moves_for_the_edited_page_only(client, site):
    edited, other = site
    url = edited.get_absolute_url()
    first, home = warm(client, url), warm(client, "/")
    edit(edited, body="<p>新的正文。</p>")
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200 and "新的正文" in again.content.decode()
    later = http_date(time.time() + 60)  # its own date may still be a second ahead
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=home["Last-Modified"]).status_code == 304


def test_an_admin_save_of_the_body_renews_only_its_page(client, site):
    edited, _ = site
    edited.tags.set(["膜技术"])
    warm(client, "/")
    token = current_version()["token"]
    editor = client_for(make_staff())
    data = article_form_data(Article.objects.get(pk=edited.pk), body="<p>经后台修改。</p>")
    response = editor.post(f"/admin/news/article/{edited.pk}/change/", data)
    assert response.status_code == 302
    assert current_version()["token"] == token
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert "经后台修改" in client.get(edited.get_absolute_url()).content.decode()


def client_for(user):
    from django.test import Client

    editor = Client()
    editor.force_login(user)
    return editor


@pytest.fixture
def files(settings, tmp_path):
    settings.PAGE_FILES_DIR = str(tmp_path)
    pagefiles.switch(current_version()["token"])  # the watcher's first tick
    return tmp_path


def served(files, path):
    target = files / "current" / path
    return target.read_text(encoding="utf-8") if target.exists() else None


def test_a_body_edit_removes_only_its_page_file(client, site, files):
    edited, other = site
    mine, theirs = f"article/{edited.pk}/index.html", f"article/{other.pk}/index.html"
    for url in (edited.get_absolute_url(), other.get_absolute_url(), "/"):
        client.get(url)
    assert "旧的正文" in served(files, mine)
    link = (files / "current").readlink()
    edit(edited, body="<p>新的正文。</p>")
    assert served(files, mine) is None  # nginx asks Django, which files the new page
    assert served(files, theirs) is not None and served(files, "index.html") is not None
    assert (files / "current").readlink() == link
    assert "新的正文" in client.get(edited.get_absolute_url()).content.decode()
    assert "新的正文" in served(files, mine)


def test_another_servers_watcher_removes_the_file(client, site, files, settings):
    edited, _ = site
    client.get(edited.get_absolute_url())
    seen = follow_scoped_changes(pagefiles.seen_changes() or 0)
    settings.PAGE_FILES_DIR = None  # as on another server: no file of ours is touched there
    edit(edited, body="<p>在另一台服务器上修改。</p>")
    settings.PAGE_FILES_DIR = str(files)
    mine = f"article/{edited.pk}/index.html"
    assert served(files, mine) is not None
    follow_scoped_changes(seen)  # what the watcher thread does each tick
    assert served(files, mine) is None


def test_a_file_rendered_before_the_change_is_not_left_behind(client, site, files):
    """A page rendered under the old stamp and written after the change removed the file."""
    from association.web.pagecache import middleware

    edited, _ = site
    rendered = client.get(edited.get_absolute_url())  # old body, under the old stamp
    old_version = current_version(f"news:article:{edited.pk}")
    edit(edited, body="<p>新的正文。</p>")
    request = rendered.wsgi_request
    middleware._file_page(request, old_version, rendered.content, "text/html; charset=utf-8")
    assert served(files, f"article/{edited.pk}/index.html") is None


def test_a_cache_outage_during_the_save_fails_nothing(client, site, files):
    edited, _ = site
    client.get(edited.get_absolute_url())
    with override_settings(CACHES=DOWN):
        edit(edited, body="<p>缓存服务器停了也能保存。</p>")
        assert served(files, f"article/{edited.pk}/index.html") is None
        response = client.get(edited.get_absolute_url())
        assert response.status_code == 200 and "缓存服务器停了也能保存" in response.content.decode()
    assert "缓存服务器停了" in Article.objects.get(pk=edited.pk).body
