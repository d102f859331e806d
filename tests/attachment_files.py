"""Real files of every attachment kind, made in memory, for the upload and attachment tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def pdf_bytes(text="Notice 2025", pages=1, lines=1):
    """A small valid PDF: every page shows text `lines` times (Chinese too: STSong-Light, UCS-2
    codes); all pages share one content stream, so 10,000 pages stay small."""
    if text.isascii():
        font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
        shown = b"(" + text.encode() + b")"
    else:
        font = (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
            b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
        )
        shown = b"<" + text.encode("utf-16-be").hex().encode() + b">"
    stream = b"\n".join(
        b"BT /F1 18 Tf 72 %d Td " % (720 - 14 * line) + shown + b" Tj ET" for line in range(lines)
    )
    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        font,
        b"<< /Font << /F1 4 0 R >> >>",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources 5 0 R >>"
    )
    objects += [page] * pages  # one page object each, all showing the same content stream
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_bytes(text="会议通知"):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(text="报名回执表"):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(members=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (members or {"说明.txt": "团体标准征求意见稿"}).items():
            archive.writestr(name, data)
    return out.getvalue()


def pptx_bytes():
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "ppt/presentation.xml": "<p:presentation/>",
        }
    )


def ole2_bytes(stream="WordDocument"):
    """The start of an OLE2 compound file whose directory holds the given stream."""
    header = OLE2_SIGNATURE + b"\x00" * (512 - len(OLE2_SIGNATURE))

    def entry(name):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (encoded + b"\x00" * 64)[:64] + len(encoded).to_bytes(2, "little") + b"\x00" * 62

    return header + entry("Root Entry") + entry(stream) + b"\x00" * 256


def image_bytes(fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


RAR_BYTES = b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64
SEVEN_ZIP_BYTES = b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"This program cannot be run in DOS mode"
)
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
HTML_BYTES = "<!DOCTYPE html><html><body><script>alert(1)</script>通知</body></html>".encode()
SVG_BYTES = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
