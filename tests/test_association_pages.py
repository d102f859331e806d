"""The association's own pages: written in the admin, sanitised, placed in the nav or footer."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from association.site.models import Page

from .factories import make_staff

pytestmark = pytest.mark.django_db


def make_page(**fields):
    fields.setdefault("title", "协会简介")
    fields.setdefault("slug", "about")
    fields.setdefault("body", "<p>协会成立于1990年。</p>")
    return Page.objects.create(**fields)


def test_page_shows_its_body_and_seo(client):
    page = make_page(body="<h2>宗旨</h2><p>服务会员。</p>")
    html = client.get("/about/about/").content.decode()
    assert "<h1>协会简介</h1>" in html and "<h2>宗旨</h2><p>服务会员。</p>" in html
    assert '<meta name="description" content="宗旨 服务会员。">' in html
    assert page.get_absolute_url() == "/about/about/"


def test_body_is_sanitised_on_save():
    page = make_page(
        body='<p onclick="x()">文字<script>alert(1)</script></p><a href="javascript:x">链</a>'
    )
    page.refresh_from_db()
    assert (
        "<script" not in page.body and "onclick" not in page.body and "javascript:" not in page.body
    )


def test_editors_choose_nav_or_footer_and_order(client):
    make_page(title="协会简介", slug="about", placement="both", position=1)
    make_page(title="会员单位", slug="members", placement="nav", position=3)
    make_page(title="组织机构", slug="org", placement="nav", position=2)
    make_page(title="联系我们", slug="contact", placement="footer", position=4)
    make_page(title="隐藏页面", slug="hidden", placement="none")
    make_page(title="未公开页面", slug="draft", is_published=False)
    html = client.get("/").content.decode()
    nav = html[html.index('id="nav-list"') : html.index("</nav>")]
    footer = html[html.index('class="footer-links"') :]
    assert nav.index("协会简介") < nav.index("组织机构") < nav.index("会员单位")
    assert "联系我们" not in nav and "联系我们" in footer and "协会简介" in footer
    assert "会员单位" not in footer
    assert "隐藏页面" not in html and "未公开页面" not in html
    assert client.get("/about/hidden/").status_code == 200  # reachable by its address


def test_unpublished_page_is_404_but_staff_can_preview(client):
    make_page(slug="draft", is_published=False)
    assert client.get("/about/draft/").status_code == 404
    client.force_login(make_staff())
    response = client.get("/about/draft/")
    assert response.status_code == 200 and "预览" in response.content.decode()


def test_admin_is_in_chinese_and_records_the_editor(client):
    editor = make_staff(username="editor")
    client.force_login(editor)
    html = client.get(reverse("admin:association_page_add")).content.decode()
    for label in ("标题", "网址标识", "正文", "链接位置", "顺序", "公开"):
        assert label in html
    response = client.post(
        reverse("admin:association_page_add"),
        {"title": "联系我们", "slug": "contact", "body": "<p>电话</p>", "description": "",
         "placement": "footer", "position": 5, "is_published": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    page = Page.objects.get(slug="contact")
    assert page.updated_by == editor and page.description == "电话"
    changelist = client.get(reverse("admin:association_page_changelist")).content.decode()
    assert "协会页面" in changelist and "联系我们" in changelist


def test_demo_loads_the_four_pages_once():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert list(Page.objects.values_list("title", flat=True)) == [
        "协会简介", "组织机构", "入会须知", "联系我们",
    ]  # fmt: skip
    assert all(page.body.startswith("<p>") for page in Page.objects.all())
