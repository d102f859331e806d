"""In a real Chromium: an editor attaches a .docx and a PDF and publishes; a visitor downloads."""

from pathlib import Path

import pytest
from django.conf import settings

from news.models import Article

from . import attachment_files as files
from .factories import make_section, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"


def test_an_editor_attaches_two_files_and_a_visitor_downloads_one(chromium, live_server, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    make_section(name="通知公告", slug="tzgg")
    make_staff(username="editor", password="pw-for-tests-9")
    docx, pdf = tmp_path / "报名回执表.docx", tmp_path / "附件 会议通知.pdf"
    docx.write_bytes(files.docx_bytes("报名回执"))
    pdf.write_bytes(files.pdf_bytes("Meeting notice"))

    editor = chromium.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = editor.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests-9")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.fill("#id_title", "关于召开年会的通知")
    page.select_option("#id_section", label="通知公告")
    page.wait_for_selector(".ProseMirror[contenteditable='true']", timeout=15000)
    page.click(".ProseMirror[contenteditable='true']")
    page.keyboard.type("请见附件。")
    page.select_option("#id_status", "published")
    page.set_input_files("#id_attachments-0-file", str(docx))
    page.fill("#id_attachments-0-position", "2")
    page.click(".add-row a")
    page.set_input_files("#id_attachments-1-file", str(pdf))
    page.fill("#id_attachments-1-position", "1")
    page.fill("#id_attachments-1-description", "会议议程")
    page.screenshot(path=str(ARTIFACTS / "attachments-admin.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/news/article/", timeout=15000)
    editor.close()

    article = Article.objects.get(title="关于召开年会的通知")
    assert article.is_public
    assert [a.name for a in article.attachments.all()] == ["附件 会议通知.pdf", "报名回执表.docx"]

    visitor = chromium.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = visitor.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    listing = page.inner_text(".attachments")
    assert listing.index("附件1") < listing.index("附件 会议通知.pdf") < listing.index("附件2")
    assert listing.index("附件2") < listing.index("报名回执表.docx")
    assert "KB" in listing and "下载 0 次" in listing
    page.screenshot(path=str(ARTIFACTS / "attachments-article.png"), full_page=True)
    with page.expect_download() as waiting:
        page.click("text=报名回执表.docx")
    download = waiting.value
    assert download.suggested_filename == "报名回执表.docx"
    assert Path(download.path()).read_bytes() == docx.read_bytes()
    visitor.close()
