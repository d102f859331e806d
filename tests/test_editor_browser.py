"""The body editor in a real Chromium: Chinese toolbar, typing, pasting from Word, upload-then-insert,
a table, and saving."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from news.models import Article

from .factories import image_bytes, make_section, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

EDITOR = ".ProseMirror[contenteditable='true']"  # the menubar's dropdown has a .ProseMirror too
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"

WORD_HTML = (
    "<p class=MsoNormal style='mso-margin-top-alt:auto;color:red'><b><span lang=ZH-CN "
    "style='font-family:宋体;mso-ascii-font-family:Calibri'>从Word粘贴的小标题</span></b>"
    "<o:p></o:p></p><p class=MsoNormal style='mso-line-height-rule:exactly'>粘贴的正文段落。</p>"
)


@pytest.fixture
def page(chromium, live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    # A route handler still fetching when the test ends must not fail the teardown.
    page.unroute_all(behavior="ignoreErrors")
    page.close()


def login(page, base):
    make_staff(username="editor", password="pw-for-tests-9")
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests-9")
    page.click("input[type=submit]")


def test_editor_in_chinese_type_paste_insert_and_save(page, live_server, tmp_path):
    section = make_section(name="协会动态")
    login(page, live_server.url)
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.wait_for_selector(".prose-menubar button[title='加粗']", timeout=15000)

    titles = page.eval_on_selector_all(
        ".prose-menubar [title]", "els => els.map(e => e.getAttribute('title'))"
    )
    for label in (
        "加粗",
        "斜体",
        "项目符号列表",
        "编号列表",
        "引用",
        "插入链接",
        "插入表格",
        "撤销",
    ):
        assert label in titles
    assert not {"bold", "italic", "Insert table", "undo"} & set(titles)
    page.click(".prose-menubar__selected")
    options = page.inner_text(".prose-menubar__picker")
    assert "二级标题" in options and "三级标题" in options and "四级标题" in options
    page.click(".prose-menubar__option[data-name='heading2']")
    page.keyboard.type("膜技术交流会")
    page.keyboard.press("Enter")
    page.keyboard.type("会议在威海举行,")
    page.keyboard.press("Control+b")
    page.keyboard.type("专家云集")
    page.keyboard.press("Control+b")
    page.keyboard.press("Enter")

    # Paste from Word: ProseMirror parses the clipboard HTML through its schema.
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', '从Word粘贴的小标题');
            document.querySelector(".ProseMirror[contenteditable=true]").dispatchEvent(
                new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD_HTML,
    )

    # Upload-then-insert: the image goes to the library, then into the body.
    photo = tmp_path / "会场.jpg"
    photo.write_bytes(image_bytes("JPEG", (1600, 900)))
    page.set_input_files(".library-picker__file", str(photo))
    page.fill(".library-picker__alt", "交流会会场")
    page.click(".library-picker__send")
    page.wait_for_selector(f"{EDITOR} figure img", timeout=15000)
    assert "已插入图片" in page.inner_text(".library-picker__status")

    # A refused upload says why, in Chinese, and inserts nothing.
    fake = tmp_path / "报告.jpg"
    fake.write_bytes("这不是图片".encode())
    page.set_input_files(".library-picker__file", str(fake))
    page.click(".library-picker__send")
    page.wait_for_selector(".library-picker__status--error", timeout=15000)
    assert "无法识别的图片" in page.inner_text(".library-picker__status")
    assert page.locator(f"{EDITOR} figure").count() == 1

    # The table dialog speaks Chinese too (its strings come through window.gettext).
    page.click(f"{EDITOR} > p:last-of-type")
    page.click(".prose-menubar button[title='插入表格']")
    dialog = page.locator("dialog[open]")
    dialog.wait_for(timeout=5000)
    dialog_text = dialog.inner_text()
    assert "行数" in dialog_text and "列数" in dialog_text
    dialog.get_by_role("button", name="插入").click()
    page.wait_for_selector(f"{EDITOR} table")
    page.screenshot(path=str(ARTIFACTS / "editor-zh.png"), full_page=True)

    page.fill("#id_title", "浏览器里写的文章")
    page.select_option("#id_section", str(section.pk))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist", timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "editor-saved.png"), full_page=True)
    assert not page.errors, page.errors

    article = Article.objects.get(title="浏览器里写的文章")
    body = article.body
    assert "<h2>膜技术交流会</h2>" in body
    assert "<strong>专家云集</strong>" in body
    assert "从Word粘贴的小标题" in body and "粘贴的正文段落。" in body
    assert "mso-" not in body and "class=" not in body and "style=" not in body
    assert "<table>" in body and "<figure><img" in body and 'alt="交流会会场"' in body
    assert article.revisions.count() == 1

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator(".article-body picture source[type='image/webp']").count() == 1
    assert page.locator(".article-body img[loading='lazy']").count() == 1


def test_editor_runs_under_a_strict_script_policy(page, live_server):
    """script-src 'self' plus the import map's hash is all the editor needs (no unsafe-inline)."""
    from news.editor import importmap_csp_sources

    policy = (
        "default-src 'self'; script-src 'self' " + " ".join(importmap_csp_sources()) + "; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))

    def with_policy(route):
        try:
            response = route.fetch()
            route.fulfill(
                response=response, headers={**response.headers, "content-security-policy": policy}
            )
        except PlaywrightError:
            pass  # the page moved on (navigation or teardown) while this request was in flight

    page.route("**/admin/**", with_policy)
    login(page, live_server.url)
    make_section()
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.wait_for_selector(".prose-menubar button[title='加粗']", timeout=15000)
    page.wait_for_selector(".library-picker__list li", timeout=15000)  # fetch() to the library
    assert not violations, violations
    assert not page.errors, page.errors
