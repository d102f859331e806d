"""Read a Word .docx file into blocks: paragraphs, bold lines, heading styles, tables and images."""

import io
import re
import zipfile

from .blocks import Block, clean_line
from .errors import ReprintError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a .docx that unpacks larger than this is a zip bomb
MAX_ENTRIES = 5000
# WordprocessingML names, spelled out so that python-docx is imported only when needed.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TABLE = _W + "p", _W + "tbl"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)

BROKEN = "Word 文件已损坏或不完整,无法读取。请在 Word 中打开它,另存为 .docx 后再导入。"
OLD_DOC = "这是旧版 Word(.doc)文件,无法直接读取。请在 Word 中“另存为” .docx 格式后再导入。"


def _check_zip(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ReprintError(BROKEN) from exc
    if "word/document.xml" not in names:
        raise ReprintError("这个文件不是 Word(.docx)文档。")
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise ReprintError("Word 文件解压后过大(超过 200 MB),已拒绝读取。")


def _style_level(paragraph, cache):
    """Return (heading level, bold) from the paragraph's style; looked up once per style."""
    style_id = paragraph._p.style
    if style_id is None:
        return 0, False  # the default paragraph style ("Normal")
    if style_id not in cache:
        cache[style_id] = _style_info(paragraph)
    return cache[style_id]


def _style_info(paragraph):
    try:
        name = (paragraph.style.name or "").strip() if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return 0, False
    if name.lower() in ("title", "标题"):
        return 1, True
    if name.lower() in ("subtitle", "副标题"):
        return 0, False
    match = _HEADING_STYLE.match(name)
    if match:
        return int(match.group(1)) + 1, True
    try:
        style_bold = bool(paragraph.style.font.bold)
    except (AttributeError, ValueError):
        style_bold = False
    return 0, style_bold


def _paragraph_blocks(paragraph, part, styles):
    level, style_bold = _style_level(paragraph, styles)
    blocks = []
    segments = []

    def flush():
        text = clean_line("".join(t for t, _ in segments))
        visible = [b for t, b in segments if t.strip()]
        if text:
            blocks.append(Block(text=text, bold=bool(visible) and all(visible), level=level))
        segments.clear()

    for run in paragraph.runs:
        bold = run.bold if run.bold is not None else style_bold
        for i, piece in enumerate(run.text.split("\n")):
            if i:
                flush()  # a line break (Shift+Enter) inside the paragraph
            segments.append((piece, bool(bold)))
        for blip in run._element.iter(_BLIP):
            flush()
            image = _image(blip, part)
            if image:
                blocks.append(image)
    flush()
    return blocks


def _image(blip, part):
    rel_id = blip.get(_EMBED)
    try:
        related = part.related_parts[rel_id]
        return Block(image_data=related.blob)
    except (KeyError, AttributeError):
        return None


def read_docx(data):
    """Return the blocks of a .docx file; raises ReprintError for a broken or unsupported one."""
    # Imported here, not at the top: python-docx takes a noticeable time to import, and every
    # process imports this package (the Article model uses its fingerprint).
    import docx
    from docx.text.paragraph import Paragraph

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReprintError(OLD_DOC)
    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks, styles = [], {}
        body = document.element.body
        for child in body.iterchildren():
            if child.tag == _PARAGRAPH:
                blocks.extend(_paragraph_blocks(Paragraph(child, document), document.part, styles))
            elif child.tag == _TABLE:
                # Cell by cell; merged cells are stored once, so nothing repeats.
                for element in child.iter(_PARAGRAPH):
                    paragraph = Paragraph(element, document)
                    blocks.extend(_paragraph_blocks(paragraph, document.part, styles))
        return blocks
    except ReprintError:
        raise
    except Exception as exc:  # python-docx raises many types for a damaged file
        raise ReprintError(BROKEN) from exc
