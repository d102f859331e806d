"""association.web.uploads: attachments are judged by their content, never by their name."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from association.web.uploads import KINDS, generated_name, human_size, judge_upload
from tests import attachment_files as files

ALL = set(KINDS)


def refused(name, data, kinds=ALL, **kwargs):
    with pytest.raises(ValidationError) as caught:
        judge_upload(files.upload(name, data), kinds, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    "name,data,kind",
    [
        ("附件1 会议通知.pdf", files.pdf_bytes(), "pdf"),
        ("附件2 报名回执表.docx", files.docx_bytes(), "docx"),
        ("费用明细.xlsx", files.xlsx_bytes(), "xlsx"),
        ("讲座.pptx", files.pptx_bytes(), "pptx"),
        ("入会申请表.doc", files.ole2_bytes("WordDocument"), "doc"),
        ("会员名单.xls", files.ole2_bytes("Workbook"), "xls"),
        ("旧表.xls", files.ole2_bytes("Book"), "xls"),
        ("报告.ppt", files.ole2_bytes("PowerPoint Document"), "ppt"),
        ("通知.wps", files.ole2_bytes("WordDocument"), "wps"),
        ("统计.et", files.ole2_bytes("Workbook"), "et"),
        ("标准草案.zip", files.zip_bytes(), "zip"),
        ("资料.rar", files.RAR_BYTES, "rar"),
        ("资料.7z", files.SEVEN_ZIP_BYTES, "7z"),
        ("照片.png", files.image_bytes("PNG"), "image"),
        ("照片.JPG", files.image_bytes("JPEG"), "image"),
        ("照片.jpeg", files.image_bytes("JPEG"), "image"),
        ("动图.gif", files.image_bytes("GIF"), "image"),
        ("图.webp", files.image_bytes("WEBP"), "image"),
    ],
)
def test_accepts_each_kind_by_content(name, data, kind):
    uploaded = files.upload(name, data)
    assert judge_upload(uploaded, ALL) == kind
    assert uploaded.read() == data  # left at the start, ready to be saved


@pytest.mark.parametrize(
    "name,data,code,words",
    [
        ("会议通知.pdf", files.EXE_BYTES, "executable", "程序"),
        ("报名表.docx", files.EXE_BYTES, "executable", "程序"),
        ("照片.png", files.ELF_BYTES, "executable", "程序"),
        ("通知.pdf", files.HTML_BYTES, "markup", "网页"),
        ("图.png", files.SVG_BYTES, "markup", "SVG"),
        ("setup.exe", files.EXE_BYTES, "refused_type", "程序"),
        ("页面.html", files.HTML_BYTES, "refused_type", "网页"),
        ("logo.svg", files.SVG_BYTES, "refused_type", "SVG"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "refused_type", "脚本"),
        ("脚本.doc", b"#!/bin/sh\nrm -rf /\n", "executable", "脚本"),
    ],
)
def test_refuses_programs_web_pages_and_svg_even_renamed(name, data, code, words):
    error = refused(name, data)
    assert error.code == code
    assert words in error.message


@pytest.mark.parametrize(
    "name,data,really",
    [
        ("会议通知.pdf", files.docx_bytes(), "ZIP"),  # a .docx renamed .pdf
        ("报名表.docx", files.pdf_bytes(), "PDF"),
        ("报名表.docx", files.xlsx_bytes(), "ZIP"),  # an Excel file called Word
        ("表格.xlsx", files.docx_bytes(), "ZIP"),
        ("演示.pptx", files.zip_bytes(), "ZIP"),  # a plain ZIP is no presentation
        ("申请表.doc", files.ole2_bytes("Workbook"), "Office"),  # an .xls called .doc
        ("名单.xls", files.ole2_bytes("WordDocument"), "Office"),
        ("报告.ppt", files.ole2_bytes("WordDocument"), "Office"),
        ("通知.wps", files.pdf_bytes(), "PDF"),
        ("统计.et", files.zip_bytes(), "ZIP"),
        ("资料.zip", files.RAR_BYTES, "RAR"),
        ("资料.rar", files.zip_bytes(), "ZIP"),
        ("资料.7z", files.zip_bytes(), "ZIP"),
        ("照片.png", files.image_bytes("JPEG"), "JPEG"),  # an image of another format
        ("照片.jpg", files.pdf_bytes(), "PDF"),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG"),  # a broken image
        ("文件.pdf", "纯文本,不是 PDF。".encode(), "无法识别"),
    ],
)
def test_refuses_content_that_does_not_match_the_extension(name, data, really):
    error = refused(name, data)
    assert error.code == "mismatch"
    assert "与扩展名不符" in error.message
    assert f".{name.rsplit('.', 1)[1]}" in error.message
    if really != "JPEG" and really != "PNG":
        assert really in error.message


def test_a_broken_zip_is_no_docx():
    data = files.docx_bytes()
    error = refused("报名表.docx", data[: len(data) // 2])
    assert error.code == "mismatch"


@pytest.mark.parametrize("name", ["说明.txt", "无扩展名", "数据.csv", "宏.docm", "a.pdf\x00.txt"])
def test_refuses_kinds_not_listed(name):
    error = refused(name, b"plain text")
    assert error.code == "unsupported_type"
    assert "只接受" in error.message and ".pdf" in error.message


def test_allowed_kinds_limit_what_is_accepted():
    error = refused("照片.png", files.image_bytes(), kinds={"pdf", "docx"})
    assert error.code == "unsupported_type"
    assert error.message.endswith("只接受 .docx、.pdf。")


def test_refuses_an_empty_file():
    assert refused("空.pdf", b"").code == "empty"


def test_size_limit_from_the_setting_and_the_argument():
    data = files.pdf_bytes().ljust(3584, b"%")  # 3.5 KB
    with override_settings(ATTACHMENT_MAX_BYTES=1024):
        error = refused("大.pdf", data)
        assert error.code == "too_large"
        assert error.message == "文件太大:3.5 KB,上限 1.0 KB。"
        assert judge_upload(files.upload("大.pdf", data), ALL, max_bytes=10_000) == "pdf"
    assert refused("大.pdf", data, max_bytes=100).code == "too_large"


def test_default_limit_is_fifty_megabytes(settings):
    assert settings.ATTACHMENT_MAX_BYTES == 50 * 1024 * 1024
    big = files.upload("标准.zip", files.zip_bytes())
    big.size = 51 * 1024 * 1024
    with pytest.raises(ValidationError, match="上限 50.0 MB"):
        judge_upload(big, ALL)


@pytest.mark.parametrize(
    "size,shown", [(0, "0 字节"), (850, "850 字节"), (12_800, "12.5 KB"), (3_355_443, "3.2 MB")]
)
def test_human_size(size, shown):
    assert human_size(size) == shown


def test_hostile_names_are_harmless():
    for name in ["\x00.pdf", "😀" * 100 + ".pdf", "x" * 10_000 + ".pdf", "../../etc/passwd.pdf"]:
        assert judge_upload(files.upload(name, files.pdf_bytes()), ALL) == "pdf"


@pytest.mark.parametrize(
    "original,extension",
    [
        ("附件1 会议通知.PDF", ".pdf"),
        ("报名回执表.docx", ".docx"),
        ("../../evil.sh", ".sh"),
        ("无扩展名", ""),
        ("奇怪.p<d>f", ""),
        ("long.verylongextension", ""),
    ],
)
def test_generated_names_are_random_and_keep_only_a_safe_extension(original, extension):
    first, second = generated_name(original), generated_name(original)
    assert first != second
    assert re.fullmatch(r"[0-9a-f]{32}(\.[a-z0-9]{1,8})?", first)
    assert first.endswith(extension) if extension else "." not in first
