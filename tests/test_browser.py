"""A visitor's walk through the public site in a real Chromium, at desktop and phone widths.

Screenshots go to artifacts/browser/ (ignored by git) for people to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from taggit.models import Tag

from association.site.models import Page, SiteSettings
from news.counting import flush_view_counts
from news.demo.covers import add_demo_covers
from news.models import Article, HotTag

from .factories import make_article, make_section

SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "browser"
# Headless Chromium says "HeadlessChrome", which the view counter rightly treats as a robot.
VISITOR_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
META_LINE = "《威海日报》记者 姜倩倩 / 时间:2018-03-08 08:40:27"

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db):
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={"address": "北京市朝阳区示例路 1 号", "phone": "010-00000000",
                  "email": "info@example.org", "icp_number": "京ICP备00000000号-1"},
    )  # fmt: skip
    news = make_section(name="协会动态", name_en="Association Dynamic", slug="xhdt", position=1)
    other = make_section(name="行业资讯", name_en="Industry News", slug="hyzx", position=2)
    reprint = make_article(
        news,
        title="中欧水处理及膜技术创新产业园建设工作领导小组成立",
        source="威海日报",
        author="姜倩倩",
        published_at=timezone.make_aware(timezone.datetime(2018, 3, 8, 8, 40, 27)),
        body="<p>据威海新闻网2018年3月5日讯 环翠区加快产城融合。</p><h2>产城融合</h2>"
        "<h3>推进羊亭与市区一体化</h3><p>" + "羊亭镇将划分为三个功能区。" * 30 + "</p>",
        tags=["水利行业", "膜技术"],
        featured=True,
    )
    for n in range(25):
        make_article(news, title=f"协会第{n + 1}期膜技术交流活动顺利举行",
                     published_at=timezone.now() - timedelta(days=n + 1))  # fmt: skip
    for n in range(4):
        make_article(other, title=f"超滤膜在市政污水处理中的应用案例之{n + 1}",
                     featured=True, tags=["膜技术"], view_count=100 - n)  # fmt: skip
    add_demo_covers(Article.objects.filter(featured=True))
    HotTag.objects.create(tag=Tag.objects.get(name="水利行业"), position=1)
    HotTag.objects.create(tag=Tag.objects.get(name="膜技术"), position=2)
    Page.objects.create(slug="about", title="协会简介", body="<p>简介。</p>", placement="both")
    return reprint


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width,height,label", [(1366, 900, "desktop"), (390, 844, "phone")])
def test_visitor_walk(chromium, live_server, site, width, height, label):
    context = chromium.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN", user_agent=VISITOR_UA
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    phone = label == "phone"

    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="要闻推荐").is_visible()
    assert page.get_by_role("heading", name="点击排行").is_visible()
    hot = page.locator(".hot-tags")
    assert hot.is_visible() and "热门标签" in hot.inner_text() and "水利行业" in hot.inner_text()
    assert page.locator(".brand-name").inner_text() == "中国膜工业协会"
    assert page.locator(".headline-lead img").is_visible()
    assert no_horizontal_scroll(page)
    shoot(page, f"{label}-1-home")

    nav_link = page.locator(".nav-list").get_by_role("link", name="协会动态")
    if phone:  # the navigation is folded away until the visitor opens it
        assert not nav_link.is_visible()
        page.get_by_text("栏目导航").click()
        assert nav_link.is_visible()
        shoot(page, f"{label}-2-menu-open")
    nav_link.click()
    page.wait_for_url("**/section/xhdt/")
    assert page.get_by_role("heading", level=1).inner_text() == "协会动态"
    assert "共 26 篇，第 1/2 页" in page.locator(".pagination").inner_text()
    assert no_horizontal_scroll(page)
    shoot(page, f"{label}-3-section")

    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**/section/xhdt/?page=2")
    assert "第 2/2 页" in page.locator(".pagination").inner_text()
    assert page.locator("link[rel=prev]").count() == 1
    assert no_horizontal_scroll(page)

    views_before = Article.objects.get(pk=site.pk).view_count
    page.get_by_role("link", name=site.title).click()
    page.wait_for_url(f"**/article/{site.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == site.title
    assert page.locator(".article .meta").inner_text() == META_LINE
    notice = page.locator(".reprint-notice")
    assert notice.is_visible() and "本文转载自《威海日报》" in notice.inner_text()
    assert page.get_by_role("heading", name="产城融合").is_visible()
    assert page.locator(".related").get_by_role("link").count() >= 3
    assert no_horizontal_scroll(page)
    shoot(page, f"{label}-4-article")
    # The beacon counted this read after the page loaded; counts reach the database in batches.
    for _ in range(50):
        flush_view_counts()
        if Article.objects.get(pk=site.pk).view_count > views_before:
            break
        page.wait_for_timeout(100)
    assert Article.objects.get(pk=site.pk).view_count == views_before + 1

    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert page.locator(".article .meta").is_visible() and notice.is_visible()
    page.emulate_media(media="screen")

    page.locator(".article .tags").get_by_role("link", name="膜技术").click()
    page.wait_for_url("**/tags/**")
    assert page.get_by_role("heading", level=1).inner_text() == "标签:膜技术"
    assert page.get_by_role("link", name=site.title).is_visible()
    assert no_horizontal_scroll(page)
    shoot(page, f"{label}-5-tag")

    page.locator(".brand").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="要闻推荐").is_visible()
    assert errors == []
    context.close()


def test_tag_cloud_and_about_page_fit_a_phone(chromium, live_server, site):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/tags/")
    assert page.get_by_role("heading", level=1).inner_text() == "标签云"
    biggest = page.locator(".tag-cloud a.tag-level-5")
    assert "膜技术" in biggest.inner_text()
    assert no_horizontal_scroll(page)
    shoot(page, "phone-6-tag-cloud")
    page.goto(live_server.url + "/about/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "协会简介"
    page.goto(live_server.url + "/no/such/page/")
    assert page.get_by_role("heading", level=1).inner_text() == "抱歉，页面不存在"
    assert no_horizontal_scroll(page)
    shoot(page, "phone-7-404")
    context.close()
