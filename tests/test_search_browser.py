"""The search page in a real browser: type a query, read highlighted results, page on."""

import os
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from news.search import hot

from .factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISITOR_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parent.parent / "artifacts"))


@pytest.fixture
def page(chromium):
    # A reader's browser: "HeadlessChrome" is counted as a bot and its searches are not.
    page = chromium.new_page(viewport={"width": 1200, "height": 900}, user_agent=VISITOR_UA)
    yield page
    page.close()


def test_visitor_searches_and_sees_highlighted_results(page, live_server, settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600  # counts stay pending until this test flushes
    section = make_section(name="行业资讯", slug="hyzx")
    make_article(
        section, title="中欧水处理及膜技术创新产业园建设工作领导小组成立", source="威海日报",
        body="<p>沿河两岸为威海创新园,搭建生产性科技服务业承载平台。</p>",
        published_at=timezone.make_aware(timezone.datetime(2018, 3, 8, 8, 40)),
    )  # fmt: skip
    for n in range(25):
        make_article(section, title=f"反渗透项目第{n}期", body="<p>反渗透装置运行稳定。</p>")
    search_in_browser(page, live_server.url)


def search_in_browser(page, url):
    page.goto(f"{url}/search/")
    assert page.locator("h2", has_text="怎样搜索").is_visible()
    page.fill(".search-page-form input[name=q]", "威海 创新园")
    page.click(".search-page-form button[type=submit]")
    page.wait_for_load_state()
    first = page.locator(".search-results li").first
    assert "中欧水处理及膜技术创新产业园" in first.locator("h2").inner_text()
    marks = first.locator(".snippet mark").all_inner_texts()
    assert "威海" in marks and "创新园" in marks
    assert "来源:威海日报" in first.inner_text() and "2018-03-08" in first.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-results.png"), full_page=True)

    page.fill(".search-page-form input[name=q]", "反渗透")
    page.select_option(".search-page-form select[name=sort]", "date")
    page.click(".search-page-form button[type=submit]")
    assert page.locator(".search-results li").count() == 20
    page.click("a[rel=next]")
    assert page.locator(".search-results li").count() == 5
    assert page.input_value(".search-page-form input[name=q]") == "反渗透"
    assert page.locator(".pagination span[aria-current]").inner_text() == "2"
    # The results pages counted their searches with a beacon; write them out as the timer would.
    deadline = time.monotonic() + 10
    while "威海 创新园" not in hot.searches.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hot.searches.pending() == {"威海 创新园": 1, "反渗透": 1}
    hot.flush_search_counts()
    connection.close()  # opened inside Playwright's event loop: close it, or teardown waits on it
    page.goto(f"{url}/")
    hot_nav = page.locator("nav.hot-searches")
    assert hot_nav.is_visible() and "威海 创新园" in hot_nav.all_inner_texts()[0]
    page.screenshot(path=str(SHOTS / "home-hot-searches.png"))
    hot_nav.get_by_text("反渗透").click()
    assert page.input_value(".search-page-form input[name=q]") == "反渗透"
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "search-mobile.png"), full_page=True)
