"""Page files for the nginx front: written for anonymous pages, switched with the content version."""

import os
import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.urls import path

from association.site.models import SiteSettings
from association.web.pagecache import files as pagefiles
from association.web.pagecache.version import bump_content_version, current_version

from .factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings, tmp_path):
    settings.PAGE_FILES_DIR = str(tmp_path)
    SiteSettings.load()
    make_article(make_section(slug="xhdt"), title="第一篇", tags=["膜技术"])
    return tmp_path


def served(files, path):
    """What nginx would find for this address (try_files /current$uri$page_file)."""
    target = files / "current" / path
    return target.read_text(encoding="utf-8") if target.exists() else None


def test_an_anonymous_page_is_written_under_the_current_version(client, files):
    response = client.get("/")
    assert served(files, "index.html") == response.content.decode()
    assert os.readlink(files / "current") == current_version()["token"]


@pytest.mark.parametrize(
    "url,path",
    [
        ("/section/xhdt/", "section/xhdt/index.html"),
        ("/section/xhdt/?page=1", "section/xhdt/page-1.html"),
        ("/tags/膜技术/", "tags/膜技术/index.html"),
        # a plain search is filed under its raw query string, as nginx's $args has it
        ("/search/?q=%E8%86%9C", "search/q=%E8%86%9C.html"),
        (
            "/search/?q=%E8%86%9C+%E6%8A%80%E6%9C%AF&page=1",
            "search/q=%E8%86%9C+%E6%8A%80%E6%9C%AF&page=1.html",
        ),
    ],
)
def test_addresses_map_to_the_files_nginx_looks_for(client, files, url, path):
    response = client.get(url)
    assert response.status_code == 200
    assert served(files, path) == response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/section/xhdt/?page=01", "/?page=1&x=2", "/section/none/",
        "/search/?q=a/../b", "/search/?q=%E8%86%9C&sort=date", "/search/?q=", "/search/?q=" + "a" * 201,
    ],
)  # fmt: skip
def test_other_queries_and_errors_are_not_written(client, files, url):
    client.get(url)
    written = [p for p in (files / "current").rglob("*") if p.is_file()]
    assert written == []


def test_a_publish_switches_to_an_empty_folder_so_nginx_asks_django(client, files):
    client.get("/")
    old = os.readlink(files / "current")
    make_article(title="刚发布")
    assert os.readlink(files / "current") != old
    assert served(files, "index.html") is None  # nginx falls through to Django…
    html = client.get("/").content.decode()
    assert "刚发布" in html and served(files, "index.html") == html  # …which files the new page


def test_a_change_made_elsewhere_is_picked_up_by_the_watcher_step(client, files, settings):
    client.get("/")
    settings.PAGE_FILES_DIR = None  # as on another server: the version changes, no link here
    bump_content_version()
    settings.PAGE_FILES_DIR = str(files)
    assert os.readlink(files / "current") != current_version()["token"]
    pagefiles.switch(current_version()["token"])  # what the watcher thread does each tick
    assert os.readlink(files / "current") == current_version()["token"]
    assert served(files, "index.html") is None


def test_editors_pages_are_never_written(client, files):
    client.force_login(make_staff())
    client.get("/")
    assert served(files, "index.html") is None


def test_without_the_setting_nothing_is_written(client, settings, tmp_path):
    settings.PAGE_FILES_DIR = None
    client.get("/")
    assert list(tmp_path.iterdir()) == []


def _feed(request):
    return HttpResponse("<rss/>", content_type="application/rss+xml; charset=utf-8")


urlpatterns = [path("feed/", _feed)]


@pytest.mark.urls(__name__)
def test_only_html_is_written(client, files):
    assert client.get("/feed/")["X-Page-Cache"] == "miss"  # cached, but not as an HTML file
    assert served(files, "feed/index.html") is None


def test_the_front_sends_the_security_headers_django_sends(client, files):
    """A page served by nginx from its file must be as protected as one Django serves."""
    conf = (Path(__file__).resolve().parent.parent / "deploy/nginx/newsroom.conf").read_text()
    for location in ("location / {", "location = /search/ {"):
        block = conf[conf.index(location) :]
        block = block[: block.index("\n    }")]
        found = re.findall(r"^\s*add_header (\S+) (.+);$", block, re.M)
        assert_same_headers({name: value.strip('"') for name, value in found}, client.get("/"))


def assert_same_headers(front, response):
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Cross-Origin-Opener-Policy"):  # fmt: skip
        assert front.get(name) == response[name], name

    def directives(header):
        parts = (part.split() for part in header.split(";") if part.strip())
        return {words[0]: sorted(words[1:]) for words in parts}

    assert directives(front["Content-Security-Policy"]) == directives(
        response["Content-Security-Policy"]
    )


def full_disk(monkeypatch, *names):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    for name in names:
        monkeypatch.setattr(Path, name, refuse)


def test_a_full_disk_costs_the_file_not_the_page(client, files, monkeypatch):
    full_disk(monkeypatch, "write_bytes")
    response = client.get("/section/xhdt/")
    assert response.status_code == 200 and "第一篇" in response.content.decode()
    assert served(files, "section/xhdt/index.html") is None  # nginx asks the site instead
    assert not [p for p in files.rglob(".*") if p.is_file()]  # no half-written file left


def test_when_the_link_cannot_switch_the_front_stops_serving_old_files(client, files, monkeypatch):
    client.get("/")
    assert served(files, "index.html") is not None
    full_disk(monkeypatch, "mkdir")
    monkeypatch.setattr(os, "symlink", lambda *args: (_ for _ in ()).throw(OSError(28, "full")))
    bump_content_version()  # a publish on a full disk
    assert served(files, "index.html") is None  # the old home page is not served on
    assert client.get("/").status_code == 200
