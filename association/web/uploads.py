"""Judges uploaded files (attachments) by their content, never by their name or declared type.

judge_upload() takes the file's extension only to know what the editor claims it is, then
checks the bytes: the signature (puremagic names what it really is), and for containers what is
inside (a .docx is a ZIP holding word/document.xml; a .doc is an OLE2 compound file holding a
WordDocument stream; an image must open in Pillow). Programs, web pages and SVG are refused even
when renamed, because a browser or a desktop could run them. generated_name() gives the storage
name, so no name an uploader chose ever reaches the file system.
"""

import os
import re
import secrets
import zipfile

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

# Kind name -> the extensions an upload of that kind may carry.
KINDS = {
    "pdf": {"pdf"},
    "doc": {"doc"},
    "docx": {"docx"},
    "xls": {"xls"},
    "xlsx": {"xlsx"},
    "ppt": {"ppt"},
    "pptx": {"pptx"},
    "wps": {"wps"},
    "et": {"et"},
    "zip": {"zip"},
    "rar": {"rar"},
    "7z": {"7z"},
    "image": {"jpg", "jpeg", "png", "gif", "webp"},
}

# What editors and visitors call each kind.
KIND_LABELS = {
    "pdf": "PDF 文档",
    "doc": "Word 文档",
    "docx": "Word 文档",
    "xls": "Excel 表格",
    "xlsx": "Excel 表格",
    "ppt": "PowerPoint 演示文稿",
    "pptx": "PowerPoint 演示文稿",
    "wps": "WPS 文字文档",
    "et": "WPS 表格",
    "zip": "ZIP 压缩包",
    "rar": "RAR 压缩包",
    "7z": "7z 压缩包",
    "image": "图片",
}

# Extensions refused with a reason of their own (the generic one would not say why).
REFUSED_EXTENSIONS = {
    **dict.fromkeys(("exe", "dll", "com", "scr", "msi", "bat", "cmd", "ps1", "vbs", "js", "jar",
                     "sh", "elf", "bin", "apk", "app", "lnk"), "程序或脚本文件"),
    **dict.fromkeys(("html", "htm", "xhtml", "shtml", "mht", "mhtml"), "网页(HTML)文件"),
    "svg": "SVG 图片(其中可以含有脚本)",
    "svgz": "SVG 图片(其中可以含有脚本)",
}  # fmt: skip

OFFICE_XML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml",
                    "pptx": "ppt/presentation.xml"}  # fmt: skip
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream each old Office format keeps its content in (names in an OLE2 directory are UTF-16).
OLE2_STREAMS = {
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
    "ppt": ("PowerPoint Document",),
}
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a ZIP, or an empty one
RAR_SIGNATURES = (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")
SEVEN_ZIP_SIGNATURE = b"7z\xbc\xaf\x27\x1c"
IMAGE_FORMATS = {"JPEG": {"jpg", "jpeg"}, "PNG": {"png"}, "GIF": {"gif"}, "WEBP": {"webp"}}
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows programs and libraries
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Mach-O universal (also Java classes)
    b"#!",  # scripts
)  # fmt: skip
# What browsers take as a web page when they sniff (after spaces and a byte-order mark).
MARKUP_STARTS = (
    b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<?xml",
    b"<!--", b"<div", b"<img", b"<a ", b"<p>", b"<table", b"<style",
)  # fmt: skip
HEAD_BYTES = 8192
SAFE_EXTENSION = re.compile(r"[a-z0-9]{1,8}")


def extension_of(name):
    """The lowercase extension of a file name, without the dot ("" if there is none)."""
    return os.path.splitext(os.path.basename(name or ""))[1].lower().lstrip(".")


def kind_of_extension(extension):
    for kind, extensions in KINDS.items():
        if extension in extensions:
            return kind
    return None


def generated_name(original_name) -> str:
    """A random storage name that keeps only a safe lowercase extension: 'a3f…9c.pdf'."""
    extension = extension_of(original_name)
    stem = secrets.token_hex(16)
    return f"{stem}.{extension}" if SAFE_EXTENSION.fullmatch(extension) else stem


def human_size(size):
    """A size as visitors read it: '850 字节', '12.5 KB', '3.2 MB'."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _read_head(uploaded_file):
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    return head


def _looks_like_markup(head):
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00 \t\r\n\x0c").lower()
    if text.startswith(MARKUP_STARTS):
        return True
    return b"<svg" in text[:1024] or b"<html" in text[:1024] or b"<script" in text[:1024]


def _what_it_is(head):
    """A short description of what the bytes really are, for the editor's message."""
    if head.startswith(b"%PDF-"):
        return "PDF 文档"
    if head.startswith(ZIP_SIGNATURES):
        return "ZIP 压缩包(或新版 Office 文档)"
    if head.startswith(OLE2_SIGNATURE):
        return "旧版 Office/WPS 文档"
    if head.startswith(RAR_SIGNATURES):
        return "RAR 压缩包"
    if head.startswith(SEVEN_ZIP_SIGNATURE):
        return "7z 压缩包"
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        matches = []
    if matches:
        best = matches[0]
        return f"{best.name}({best.extension or '无扩展名'})"
    return "无法识别的格式"


def _known_container(head):
    return head.startswith(
        (b"%PDF-", OLE2_SIGNATURE, SEVEN_ZIP_SIGNATURE, *ZIP_SIGNATURES, *RAR_SIGNATURES)
    )


def _refuse_dangerous(head):
    if _known_container(head):
        return  # what is inside is checked by kind (and is never served as a page)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError(
            "文件内容是程序或脚本(例如改了扩展名的 .exe),出于安全考虑不能上传。", code="executable"
        )
    if _looks_like_markup(head):
        raise ValidationError(
            "文件内容是网页(HTML)或 SVG/XML,其中可以含有脚本,出于安全考虑不能上传。"
            "请转成 PDF 后再上传。",
            code="markup",
        )
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return
    for match in matches[:1]:
        extension = match.extension.lower().lstrip(".")
        if extension in REFUSED_EXTENSIONS or "executable" in match.name.lower():
            raise ValidationError(
                f"文件内容是{REFUSED_EXTENSIONS.get(extension, '程序或脚本文件')}"
                f"({match.name}),出于安全考虑不能上传。",
                code="executable",
            )


def _ole2_has_stream(uploaded_file, names):
    """Looks for a directory entry name (UTF-16LE, entries are 128-byte aligned) in the file."""
    wanted = [name.encode("utf-16-le") + b"\x00\x00" for name in names]
    uploaded_file.seek(0)
    offset, tail = 0, b""
    while chunk := uploaded_file.read(1024 * 1024):
        block = tail + chunk
        base = offset - len(tail)
        for needle in wanted:
            start = block.find(needle)
            while start != -1:
                if (base + start) % 128 == 0:
                    uploaded_file.seek(0)
                    return True
                start = block.find(needle, start + 1)
        tail = block[-128:]
        offset += len(chunk)
    uploaded_file.seek(0)
    return False


def _zip_names(uploaded_file):
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        uploaded_file.seek(0)


def _image_matches(uploaded_file, extension):
    uploaded_file.seek(0)
    try:
        with Image.open(uploaded_file) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        uploaded_file.seek(0)
    return extension in IMAGE_FORMATS.get(fmt, set())


def _content_matches(kind, extension, head, uploaded_file):
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind in OFFICE_XML_PARTS:
        if not head.startswith(ZIP_SIGNATURES[0]):
            return False
        names = _zip_names(uploaded_file)
        return names is not None and OFFICE_XML_PARTS[kind] in names
    if kind in ("doc", "xls", "ppt", "wps", "et"):
        if not head.startswith(OLE2_SIGNATURE):
            return False
        # WPS keeps its own stream names across versions; the compound file itself is the check.
        return kind not in OLE2_STREAMS or _ole2_has_stream(uploaded_file, OLE2_STREAMS[kind])
    if kind == "zip":
        return head.startswith(ZIP_SIGNATURES) and _zip_names(uploaded_file) is not None
    if kind == "rar":
        return head.startswith(RAR_SIGNATURES)
    if kind == "7z":
        return head.startswith(SEVEN_ZIP_SIGNATURE)
    if kind == "image":
        return _image_matches(uploaded_file, extension)
    return False


def allowed_extensions_text(allowed_kinds):
    extensions = sorted({ext for kind in allowed_kinds for ext in KINDS.get(kind, ())})
    return "、".join(f".{ext}" for ext in extensions)


def judge_upload(uploaded_file, allowed_kinds: set[str], max_bytes: int | None = None) -> str:
    """The kind of an upload ('pdf', 'docx', 'image', …), judged by its content.

    Raises ValidationError with a message for the editor when the file is empty, too large,
    of a kind not allowed here, a program or web page, or when its content is not what its
    extension says. The file is left at position 0.
    """
    max_bytes = settings.ATTACHMENT_MAX_BYTES if max_bytes is None else max_bytes
    extension = extension_of(getattr(uploaded_file, "name", ""))
    if extension in REFUSED_EXTENSIONS:
        raise ValidationError(
            f"不能上传{REFUSED_EXTENSIONS[extension]}(.{extension}),出于安全考虑。",
            code="refused_type",
        )
    kind = kind_of_extension(extension)
    if kind is None or kind not in allowed_kinds:
        shown = f".{extension}" if extension else "没有扩展名的文件"
        raise ValidationError(
            f"不支持的文件类型 {shown}:只接受 {allowed_extensions_text(allowed_kinds)}。",
            code="unsupported_type",
        )
    size = uploaded_file.size
    if not size:
        raise ValidationError("文件是空的。", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"文件太大:{human_size(size)},上限 {human_size(max_bytes)}。", code="too_large"
        )
    head = _read_head(uploaded_file)
    _refuse_dangerous(head)
    if not _content_matches(kind, extension, head, uploaded_file):
        raise ValidationError(
            f"文件内容与扩展名不符:扩展名是 .{extension}({KIND_LABELS[kind]}),"
            f"内容却是{_what_it_is(head)}。文件可能已损坏,或被改了扩展名。",
            code="mismatch",
        )
    return kind
