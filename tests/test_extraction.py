"""Text of attachments for search: each format, hostile files, the command, and the search page."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse

from association.site.models import SiteSettings
from news.extraction import extract_text, read_text
from news.models import Attachment

from . import attachment_files as files
from .factories import make_article, make_attachment
from .search_helpers import titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind,data",
    [
        ("pdf", files.pdf_bytes("关于征求团体标准意见的通知")),
        ("docx", files.docx_bytes("关于征求团体标准意见的通知")),
        ("xlsx", files.xlsx_bytes("关于征求团体标准意见的通知")),
    ],
)
def test_reads_each_format_in_a_child_process(kind, data):
    text, note = extract_text(data, kind)
    assert "关于征求团体标准意见的通知" in text
    assert note == f"已提取 {len(text)} 字"


def test_docx_tables_are_read_too():
    import docx

    document = docx.Document()
    document.add_table(rows=1, cols=2).rows[0].cells[1].text = "回执表里的单位名称"
    out = io.BytesIO()
    document.save(out)
    assert "回执表里的单位名称" in extract_text(out.getvalue(), "docx")[0]


def test_other_kinds_are_not_read():
    assert extract_text(files.zip_bytes(), "zip") == ("", "此类型的文件不提取文字")


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(files.pdf_bytes("secret"))))
    writer.encrypt("会员密码", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb_docx(unpacked):
    """A real .docx whose one extra part unpacks to `unpacked` bytes of zeros."""
    out = io.BytesIO(files.docx_bytes("炸弹"))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", b"\0" * unpacked)
    return out.getvalue()


@pytest.mark.parametrize(
    "kind,data,why",
    [
        ("pdf", encrypted_pdf(), "加密"),
        ("pdf", files.pdf_bytes("corrupt")[:200], "损坏"),
        ("pdf", b"%PDF-1.4\n" + b"\xff" * 5000, "损坏"),
        ("docx", files.docx_bytes()[:300], "损坏"),
        ("xlsx", files.zip_bytes({"xl/workbook.xml": "<not-xml"}), "损坏"),
        ("docx", files.zip_bytes({"word/document.xml": "<w:document/>"}), "损坏"),
        ("pdf", files.pdf_bytes("", pages=3), "没有可提取的文字"),
    ],
)
def test_hostile_and_broken_files_give_a_reason_not_an_error(kind, data, why):
    text, note = extract_text(data, kind)
    assert text == "" and why in note


def test_a_zip_bomb_is_not_unpacked(settings):
    settings.ATTACHMENT_TEXT_MAX_UNPACKED = 5 * 2**20
    text, note = extract_text(zip_bomb_docx(20 * 2**20), "docx")
    assert text == "" and "压缩炸弹" in note


def test_a_ten_thousand_page_pdf_stops_at_the_time_budget(settings):
    import time

    from news import extraction

    settings.ATTACHMENT_TEXT_SECONDS = 4  # opening it alone takes a second or more
    settings.ATTACHMENT_TEXT_MAX_CHARS = 10**8  # the time, not the length, stops it here
    # 50 lines a page: reading every page would take minutes on any machine.
    data = files.pdf_bytes("第一万页之前", pages=10_000, lines=50)
    started = time.monotonic()
    text, note = extract_text(data, "pdf")
    assert time.monotonic() - started < 4 + extraction.GRACE_SECONDS
    assert text.startswith("第一万页之前") and "超时" in note
    assert text.count("第一万页之前") < 10_000 * 50


def test_the_character_budget_keeps_the_start(settings):
    text, note = read_text(files.pdf_bytes("膜分离", pages=50), "pdf", max_chars=30)
    assert len(text) <= 30 and text.startswith("膜分离") and "只保留前面部分" in note


def test_a_reader_that_needs_too_much_memory_is_stopped(settings, monkeypatch):
    from news import extraction

    def greedy(data, budget):
        hog = []
        while True:
            hog.append(bytearray(50 * 2**20))

    monkeypatch.setitem(extraction.READERS, "pdf", greedy)
    settings.ATTACHMENT_TEXT_MEMORY_MB = 200
    text, note = extract_text(files.pdf_bytes(), "pdf")
    assert text == "" and "内存" in note


def test_a_reader_that_hangs_is_killed(settings, monkeypatch):
    import time

    from news import extraction

    monkeypatch.setitem(extraction.READERS, "pdf", lambda data, budget: time.sleep(60))
    settings.ATTACHMENT_TEXT_SECONDS = 1
    started = time.monotonic()
    assert extract_text(files.pdf_bytes(), "pdf") == ("", "提取超过 1 秒,已放弃")
    assert time.monotonic() - started < 1 + extraction.GRACE_SECONDS + 3


def test_nul_and_control_characters_never_reach_the_database():
    text, _ = read_text(files.pdf_bytes("正文\x00含有\x07控制字符"), "pdf")
    assert "\x00" not in text and "\x07" not in text and "控制字符" in text


def test_the_text_is_read_once_the_upload_is_saved(django_capture_on_commit_callbacks):
    article = make_article(title="关于年会的通知")
    with django_capture_on_commit_callbacks(execute=True):
        attachment = make_attachment(
            article, name="议程.docx", data=files.docx_bytes("反渗透膜论坛议程")
        )
    attachment.refresh_from_db()
    assert "反渗透膜论坛议程" in attachment.text and attachment.text_note.startswith("已提取")


def test_a_file_that_gives_no_text_is_kept_with_its_reason(django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = make_attachment(article, name="加密.pdf", data=encrypted_pdf())
    attachment.refresh_from_db()
    assert attachment.text == "" and "加密" in attachment.text_note
    with attachment.file.open("rb") as kept:
        assert kept.read()[:5] == b"%PDF-" and attachment.size > 0


def test_the_command_reads_files_not_read_yet(capsys):
    article = make_article(title="旧通知")
    attachment = make_attachment(article, name="旧表格.xlsx", data=files.xlsx_bytes("纳滤膜统计"))
    assert Attachment.objects.get(pk=attachment.pk).text_note == ""  # never committed here
    call_command("extract_attachment_text")
    out = capsys.readouterr().out
    assert "《旧表格.xlsx》:已提取" in out and "共处理 1 个附件,其中 1 个提取到文字" in out
    assert "纳滤膜统计" in Attachment.objects.get(pk=attachment.pk).text
    call_command("extract_attachment_text")
    assert "共处理 0 个附件" in capsys.readouterr().out


def test_search_finds_a_word_only_inside_an_attachment(client, django_capture_on_commit_callbacks):
    article = make_article(title="关于召开年会的通知", body="<p>详见附件。</p>")
    make_article(title="无关的新闻", body="<p>与附件无关。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        make_attachment(
            article, name="会议议程.pdf", data=files.pdf_bytes("陶瓷膜分论坛在第二会议室举行")
        )
    assert titles("陶瓷膜") == ["关于召开年会的通知"]
    html = client.get(reverse("news:search"), {"q": "陶瓷膜"}).content.decode()
    assert "在附件《" in html and "会议议程.pdf</a>》中找到" in html
    assert "<mark>陶瓷膜</mark>" in html


def test_a_word_in_the_body_says_nothing_about_attachments(
    client, django_capture_on_commit_callbacks
):
    article = make_article(title="年会通知", body="<p>陶瓷膜论坛。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        make_attachment(article, name="议程.pdf", data=files.pdf_bytes("陶瓷膜分论坛"))
    html = client.get(reverse("news:search"), {"q": "陶瓷膜"}).content.decode()
    assert "年会通知" in html and "在附件《" not in html


def test_text_of_hidden_files_is_not_searchable(django_capture_on_commit_callbacks):
    article = make_article(title="内部通知")
    with django_capture_on_commit_callbacks(execute=True):
        make_attachment(
            article, name="名单.pdf", data=files.pdf_bytes("纳滤膜名单"), is_public=False
        )
    assert titles("纳滤膜") == []


def test_removing_the_file_removes_its_words(client, django_capture_on_commit_callbacks):
    article = make_article(title="年会通知")
    with django_capture_on_commit_callbacks(execute=True):
        attachment = make_attachment(article, name="议程.pdf", data=files.pdf_bytes("超滤膜专场"))
    assert titles("超滤膜") == ["年会通知"]
    attachment.delete()
    assert titles("超滤膜") == []


@pytest.mark.django_db(transaction=True)
def test_on_a_live_site_the_text_is_read_in_a_background_thread(settings):
    import time

    settings.ATTACHMENT_TEXT_IN_BACKGROUND = True
    article = make_article(title="后台提取")
    attachment = make_attachment(article, name="表.xlsx", data=files.xlsx_bytes("微滤膜产量"))
    for _ in range(100):
        try:
            attachment.refresh_from_db()
        except OperationalError:  # SQLite's shared in-memory test database: the thread's write
            pass  # holds a table lock for a moment ("database table is locked")
        if attachment.text_note:
            break
        time.sleep(0.1)
    assert "微滤膜产量" in attachment.text
    assert titles("微滤膜") == ["后台提取"]


@pytest.mark.parametrize("size", [3, 25])
def test_results_found_in_files_cost_one_query_per_page(client, settings, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    for i in range(size):
        article = make_article(title=f"通知{i}", body="<p>详见附件。</p>")
        attachment = make_attachment(article, name=f"议程{i}.pdf")
        Attachment.objects.filter(pk=attachment.pk).update(text="管式膜专场", text_note="已提取")
        from news.search.indexing import index_article

        index_article(article)
    SiteSettings.load()  # made on the first request otherwise, which renews the version
    for q in ("管式膜", "通知"):  # the chrome, hot searches and vocabulary are kept per version
        client.get(reverse("news:search"), {"q": q})
    with CaptureQueriesContext(connection) as through_files:
        html = client.get(reverse("news:search"), {"q": "管式膜"}).content.decode()
    assert html.count("在附件《") == min(size, 20)
    with CaptureQueriesContext(connection) as plain:
        client.get(reverse("news:search"), {"q": "通知"})
    assert len(through_files.captured_queries) == len(plain.captured_queries) + 1
