"""In a real browser: log in, open 导入转载文章, paste the example page, check, publish, read it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from news.models import Article

from .factories import make_section, make_staff
from .reprint_helpers import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
TITLE = "中欧水处理及膜技术创新产业园建设工作领导小组成立"


@pytest.fixture
def page(chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def test_paste_the_example_and_publish_it(page, live_server):
    make_section(name="协会动态", name_en="Association Dynamic", slug="xhdt")
    make_staff(username="editor", password="pw-for-tests-9")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/news/article/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests-9")
    page.click("input[type=submit]")
    page.get_by_role("link", name="导入转载文章").click()
    expect(page.locator("h1")).to_have_text("导入转载文章")
    page.screenshot(path=ARTIFACTS / "reprint-source.png")

    page.fill("#id_content", EXAMPLE.read_text("utf-8"))
    page.get_by_role("button", name="识别文章").click()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_source")).to_have_value("威海日报")
    expect(page.locator("#id_author")).to_have_value("姜倩倩")
    expect(page.locator("#id_published_at")).to_have_value("2018-03-08 08:40:27")
    expect(page.locator(".reprint-summary")).to_contain_text("据威海新闻网2018年3月5日讯")
    expect(page.locator(".reprint-preview h2")).to_have_text(["产城融合", "创新驱动", "多管齐下"])
    expect(page.locator(".reprint-preview h3").first).to_have_text("推进羊亭与市区一体化")
    page.screenshot(path=ARTIFACTS / "reprint-review.png", full_page=True)

    page.select_option("#id_section", label="协会动态")
    page.get_by_role("button", name="保存并发布").click()
    expect(page.locator(".messagelist")).to_contain_text(f"已导入《{TITLE}》(已发布)")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED

    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".meta")).to_contain_text(
        "《威海日报》记者 姜倩倩 / 时间:2018-03-08 08:40:27"
    )
    expect(page.locator(".article-body h2").first).to_have_text("产城融合")
    page.screenshot(path=ARTIFACTS / "reprint-published.png", full_page=True)

    page.goto(f"{live_server.url}/section/xhdt/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def test_set_a_line_as_the_title(page, live_server):
    make_staff(username="editor", password="pw-for-tests-9")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/news/article/import-reprint/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests-9")
    page.click("input[type=submit]")
    body = "5月5日，协会召开理事会，部署今年重点工作，要求加快团体标准制定和人才培训。"
    kicker, guessed = "推进膜产业高质量发展", "宁夏矿井水回用工程通水"
    page.fill("#id_content", f"首页 > 新闻\n{kicker}\n{guessed}\n来源：中国水网 2019-06-12\n{body}")
    page.get_by_role("button", name="识别文章").click()
    expect(page.locator("#id_title")).to_have_value(guessed)

    page.focus("#id_title")  # the script highlights the line the title came from
    expect(page.locator("#reprint-line-3")).to_have_class(re.compile(r"\bis-active\b"))
    page.locator("#id_author").fill("李四")
    page.get_by_role("button", name="把第 2 行设为标题").click()
    expect(page.locator("#id_title")).to_have_value(kicker)
    expect(page.locator("#id_author")).to_have_value("李四")  # what the editor typed stays
    expect(page.locator("#reprint-line-2")).to_contain_text("← 标题")
    page.focus("#id_title")
    expect(page.locator("#reprint-line-2")).to_have_class(re.compile(r"\bis-active\b"))
    page.screenshot(path=ARTIFACTS / "reprint-set-title.png", full_page=True)
