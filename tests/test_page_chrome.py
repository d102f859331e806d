"""The header, footer and <head> links every page repeats: rendered once per content version,
never stale."""

import re

import pytest

from association.site.models import Page, SiteSettings

from .factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # each request renders; only the pieces are reused


def current_nav(html):
    """Names of the navigation links marked as the current page."""
    nav = html[html.index('<ul id="nav-list"') : html.index("</nav>")]
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


def test_each_page_marks_its_own_navigation_item(client):
    water = make_section(name="水处理", slug="water")
    news = make_section(name="行业资讯", slug="news")
    about = Page.objects.create(
        slug="about", title="协会简介", body="<p>简介</p>", placement=Page.Placement.NAV
    )
    article = make_article(water)
    for _ in range(2):  # the second time from the kept pieces
        assert current_nav(client.get("/").content.decode()) == ["首页"]
        assert current_nav(client.get("/section/water/").content.decode()) == ["水处理"]
        assert current_nav(client.get("/section/news/").content.decode()) == ["行业资讯"]
        assert current_nav(client.get(about.get_absolute_url()).content.decode()) == ["协会简介"]
        assert current_nav(client.get(article.get_absolute_url()).content.decode()) == []
    assert news.name in client.get("/tags/").content.decode()


def test_a_change_to_the_settings_or_navigation_shows_on_the_next_request(client):
    make_section(name="协会动态", slug="xhdt")
    html = client.get("/").content.decode()
    assert "中国膜工业协会" in html and "会员服务" not in html
    assert 'title="中国膜工业协会 RSS"' in html  # the <head> links are kept the same way
    settings_row = SiteSettings.load()
    settings_row.name = "示例行业协会"
    settings_row.phone = "010-12345678"
    settings_row.save()
    make_section(name="会员服务", slug="hyfw")
    html = client.get("/section/xhdt/").content.decode()
    header = html[: html.index("<main")]
    footer = html[html.index("</main>") :]
    assert "示例行业协会" in header and "会员服务" in header
    assert "示例行业协会" in footer and "010-12345678" in footer
    assert 'title="示例行业协会 RSS"' in html[: html.index("</head>")]


def test_editors_see_the_same_header_as_visitors(client):
    make_section(name="协会动态", slug="xhdt")
    anonymous = client.get("/section/xhdt/").content.decode()
    client.force_login(make_staff())
    editor = client.get("/section/xhdt/").content.decode()
    assert anonymous[: anonymous.index("<main")] == editor[: editor.index("<main")]
