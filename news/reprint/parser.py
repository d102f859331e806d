"""parse_reprint(): plain text, HTML, a .docx file or a fetched page in; an article's parts out."""

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from django.utils import timezone

from ..sanitize import clean_html
from . import meta as M
from .blocks import Block, clean_line, compact
from .chrome import is_chrome, is_english_label, is_footer_start, is_nav_row
from .decode import GARBAGE_MESSAGE, decode_bytes, looks_binary
from .docxsource import OLD_DOC, read_docx
from .errors import ReprintError
from .htmlsource import looks_like_html, read_html

logger = logging.getLogger(__name__)

MAX_INPUT_BYTES = 20 * 1024 * 1024
TITLE_MAX = 100  # a longer line is a paragraph, not a title
HEADING_MAX = 30  # plain-text sub-headings are short lines
BOLD_HEADING_MAX = 40
HEAD_SEARCH = 80  # the title and meta line are within the first lines of a page
# ASCII and full-width (，！？；：) sentence punctuation.
_END_PUNCTUATION = "。.!?;:,、…\uff0c\uff01\uff1f\uff1b\uff1a"
_NOT_HEADING_START = (
    "——",
    "--",
    "图为",
    "图:",
    "图片:",
    "(图",
    "\uff08图",
    "▲",
    "△",
    "注:",
    "附件",
    "附:",
)
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||丨| - | — |——|-{2,})\s*")

EMPTY = "没有可导入的内容:内容是空的。"
ONLY_CHROME = "没有找到文章:内容里只有网站导航、标签、版权等页面框架文字,没有标题和正文。"
TOO_BIG = "内容太大(超过 20 MB),无法导入。"
UNEXPECTED = "无法解析这份内容。请改为粘贴文章的纯文字,或联系网站管理员。"


@dataclass
class ParsedReprint:
    """An article's parts as recognised in a reprint."""

    title: str = ""
    source: str = ""
    author: str = ""
    author_title: str = ""
    published: str | None = None
    lead_attribution: str = ""
    headings: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    body_html: str = ""
    original_url: str = ""
    notes: list = field(default_factory=list)  # things the editor should check, in Chinese
    kind: str = "text"  # text, html or docx
    items: list = field(default_factory=list)  # body Blocks with .tag p/h2/h3/h4/img

    def as_dict(self):
        """The fields `import_reprint --json` prints."""
        return {
            "title": self.title,
            "source": self.source,
            "author": self.author,
            "published": self.published,
            "lead_attribution": self.lead_attribution,
            "headings": list(self.headings),
            "paragraphs": list(self.paragraphs),
        }

    @property
    def text(self):
        """Title, headings and paragraphs as plain text (for tag suggestions)."""
        return "\n".join([self.title, *self.headings, *self.paragraphs])

    def published_at(self):
        """The publish time as an aware datetime (a date alone means midnight), or None."""
        if not self.published:
            return None
        if "T" in self.published:
            return datetime.fromisoformat(self.published)
        day = date.fromisoformat(self.published)
        return timezone.make_aware(datetime(day.year, day.month, day.day))

    def render(self):
        """Rebuild body_html from items (after images were saved locally, for instance)."""
        parts = []
        for item in self.items:
            if item.tag == "img":
                if _displayable(item.image_src):
                    alt = escape(item.image_alt)
                    parts.append(f'<p><img src="{escape(item.image_src)}" alt="{alt}"></p>')
            else:
                parts.append(f"<{item.tag}>{escape(item.text, quote=False)}</{item.tag}>")
        self.body_html = clean_html("\n".join(parts))
        return self.body_html


def _displayable(src):
    """An image address a visitor's browser can load (not file:// left by Word)."""
    scheme = src.split(":", 1)[0].lower() if ":" in src.split("/", 1)[0] else ""
    return bool(src) and scheme in ("", "http", "https")


def parse_reprint(content, *, filename="", url="", content_type="", charset=""):
    """Recognise a reprinted article in content: a str (text or HTML), the bytes of a .txt, .html
    or .docx file, or a page from news.reprint.fetch.fetch_page().

    Returns a ParsedReprint. Raises ReprintError, with a message for the editor, for input that
    holds no article; never anything else.
    """
    page_url = getattr(content, "url", "")
    if page_url and hasattr(content, "content"):
        url = url or page_url
        content_type = content_type or content.content_type
        charset = charset or content.charset
        content = content.content
    try:
        result = _parse(content, filename or "", content_type or "", charset or "")
    except ReprintError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ReprintError(TOO_BIG) from exc
    except Exception as exc:  # a bug must not become a 500 for the editor
        logger.exception("reprint parser failed on %s", filename or "pasted content")
        raise ReprintError(UNEXPECTED) from exc
    if url and not result.original_url:
        result.original_url = url
    return result


def _parse(content, filename, content_type, charset):
    name = filename.lower()
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
        if len(data) > MAX_INPUT_BYTES:
            raise ReprintError(TOO_BIG)
        if not data.strip():
            raise ReprintError(EMPTY)
        if data.startswith(b"PK\x03\x04") or name.endswith(".docx"):
            return _analyse(read_docx(data), kind="docx")
        _refuse_other_formats(data)
        text = decode_bytes(data, charset)
    else:
        text = str(content or "")
        if len(text) > MAX_INPUT_BYTES:
            raise ReprintError(TOO_BIG)
        if looks_binary(text):
            raise ReprintError(GARBAGE_MESSAGE)
    if not text.strip():
        raise ReprintError(EMPTY)
    is_html = name.endswith((".html", ".htm")) or "html" in content_type.lower()
    if is_html or (not name.endswith(".txt") and looks_like_html(text)):
        doc = read_html(text)
        result = _analyse(
            doc.blocks, kind="html", title_hint=_page_title(doc), meta_hint=doc.meta,
            notes=doc.notes,
        )  # fmt: skip
        if doc.canonical_url.startswith(("http://", "https://")):
            result.original_url = doc.canonical_url[:500]
        return result
    blocks = [Block(text=line) for line in map(clean_line, text.split("\n")) if line]
    return _analyse(blocks, kind="text")


def _refuse_other_formats(data):
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReprintError(OLD_DOC)
    if data.startswith(b"%PDF"):
        raise ReprintError("暂不支持 PDF 文件:请复制 PDF 中的文字粘贴进来,或提供 Word(.docx)文件。")
    images = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")
    if data.startswith(images) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise ReprintError("这是一张图片,不是文章。请粘贴文章文字、上传 .docx 文件或填写网址。")


def _page_title(doc):
    title = doc.meta.get("title") or doc.title
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    return parts[0] if parts and len(parts[0]) >= 4 else title


def _is_long(text):
    if len(text) > 200:
        return True
    key = compact(text)
    return len(key) >= 60 or (len(key) >= 15 and key[-1] in "。!?…”\uff01\uff1f")


def _is_paragraph(text):
    """Text a heading can introduce: a sentence, or a long line."""
    if len(text) > 200:
        return True
    key = compact(text)
    return len(key) >= 40 or (key[-1:] in "。!?…”\uff01\uff1f" and not M.is_date_line(text))


def _can_be_title(block):
    text = block.text
    return (
        not block.is_image
        and len(text) <= 2 * TITLE_MAX
        and 2 <= len(compact(text)) <= TITLE_MAX
        and compact(text)[-1] not in "。,;:\uff0c\uff1b"
        and not is_chrome(text)
        and not is_nav_row(text)
        and not M.looks_like_meta(text)
    )


def _skippable_header(block):
    """Lines between a title and the article text: meta lines and page tools."""
    if block.is_image:
        return False
    text = block.text
    return (
        M.looks_like_meta(text)
        or is_chrome(text)
        or is_nav_row(text)
        or is_english_label(text)
        or M.is_source_line(text)
    )


def _find_title(blocks, title_hint):
    """Return the index of the title block, or None."""
    limit = min(len(blocks), HEAD_SEARCH)
    for i in range(limit):
        block = blocks[i]
        if block.is_image or not M.looks_like_meta(block.text):
            continue
        # The title is just above the meta line, past page tools; a <h1> nearby wins.
        above = [j for j in range(i - 1, max(-1, i - 7), -1) if not blocks[j].is_image]
        for j in above:
            if blocks[j].level == 1 and _can_be_title(blocks[j]):
                return j
        for j in above:
            if _skippable_header(blocks[j]):
                continue
            if _can_be_title(blocks[j]):
                return j
            break
    head = blocks[:limit]
    h1 = [i for i, b in enumerate(head) if b.level == 1 and _can_be_title(b)]
    if h1:
        matching = [i for i in h1 if title_hint and blocks[i].text in title_hint]
        return (matching or h1)[0]
    if title_hint:
        for i, b in enumerate(head):
            if len(b.text) >= 4 and b.text in title_hint and _can_be_title(b):
                return i
    first_long = next((i for i, b in enumerate(head) if b.text and _is_long(b.text)), limit)
    candidates = [i for i in range(first_long) if _can_be_title(blocks[i])]
    candidates = [i for i in candidates if not is_english_label(blocks[i].text)]
    if not candidates:
        return None
    emphasised = [i for i in candidates if blocks[i].bold]
    return (emphasised or candidates[-1:])[0]


def _heading_shape(text, max_length):
    if len(text) > 2 * max_length:
        return False
    key = compact(text)
    return (
        2 <= len(key) <= max_length
        and key[-1] not in _END_PUNCTUATION
        and "。" not in key
        and not key.startswith(_NOT_HEADING_START)
        and not M.is_date_line(text)
    )


def _mark_headings(items):
    texts = [b for b in items if not b.is_image]
    bold_lines = [b for b in texts if b.bold]
    bold_counts = 0 < len(bold_lines) < 0.5 * len(texts)  # all-bold text says nothing
    explicit_levels = sorted({b.level for b in texts if b.level})
    level_map = {lvl: min(2 + n, 4) for n, lvl in enumerate(explicit_levels)}

    def explicit(b):
        return b.level or (bold_counts and b.bold and _heading_shape(b.text, BOLD_HEADING_MAX))

    if any(explicit(b) for b in texts):
        bold_level = min(max(level_map.values()) + 1, 4) if level_map else None
        run = 0  # bold headings in a row: the first is a heading, the next its sub-heading
        for b in items:
            if b.is_image:
                b.tag, run = "img", 0
            elif b.level:
                b.tag, run = f"h{level_map[b.level]}", 0
            elif explicit(b):
                b.tag = f"h{bold_level}" if bold_level else ("h3" if run else "h2")
                run += 1
            else:
                b.tag, run = "p", 0
        return

    # Plain text: short lines without end punctuation, one or two in a row before a paragraph.
    shaped = [not b.is_image and _heading_shape(b.text, HEADING_MAX) for b in items]
    for b in items:
        b.tag = "img" if b.is_image else "p"
    i = 0
    while i < len(items):
        if not shaped[i]:
            i += 1
            continue
        j = i
        while j < len(items) and shaped[j]:
            j += 1
        # A heading introduces text: a signature (协会名称 + 日期) at the end is not one.
        followed = j < len(items) and not items[j].is_image and _is_paragraph(items[j].text)
        if followed and j - i <= 2:
            items[i].tag = "h2"
            if j - i == 2:
                items[i + 1].tag = "h3"
        i = j


def _analyse(blocks, *, kind, title_hint="", meta_hint=None, notes=()):
    result = ParsedReprint(kind=kind, notes=list(notes))
    if not blocks:
        raise ReprintError(EMPTY)
    title_index = _find_title(blocks, title_hint)
    meta_lines = []
    start = 0
    if title_index is not None:
        result.title = blocks[title_index].text
        start = title_index + 1
        while start < len(blocks) and _skippable_header(blocks[start]):
            if M.looks_like_meta(blocks[start].text) or M.is_source_line(blocks[start].text):
                meta_lines.append(blocks[start].text)
            start += 1
        if not meta_lines:  # some pages put the meta line above the title
            above = blocks[max(0, title_index - 3) : title_index]
            meta_lines = [b.text for b in above if not b.is_image and M.looks_like_meta(b.text)]
    elif title_hint:
        result.title = title_hint

    header_meta = {compact(line) for line in meta_lines}
    items = []
    for block in blocks[start:]:
        if block.is_image:
            items.append(block)
            continue
        text = block.text
        if items and any(not b.is_image for b in items) and is_footer_start(text):
            break
        if M.is_source_line(text):
            meta_lines.append(text)
            continue
        if is_chrome(text) or text == result.title or compact(text) in header_meta:
            continue  # page tools, or the title or meta line repeated at the end
        items.append(block)

    found = M.extract_meta(meta_lines)
    _apply_meta_hint(found, meta_hint or {})
    result.source = found["source"][:100]
    result.author = found["author"][:100]
    result.author_title = found["author_title"]
    result.published = found["published"]

    _mark_headings(items)
    result.items = items
    result.headings = [b.text for b in items if b.tag.startswith("h")]
    result.paragraphs = [b.text for b in items if b.tag == "p"]
    if result.paragraphs:
        lead, author, author_title = M.extract_lead(result.paragraphs[0])
        result.lead_attribution = lead
        if author and not result.author:
            result.author, result.author_title = author[:100], author_title

    if not result.title and not result.paragraphs:
        raise ReprintError(ONLY_CHROME)
    if len(result.title) > 200:
        result.title = result.title[:200]
        result.notes.append("标题超过 200 字,已截断,请核对。")
    if not result.title:
        result.notes.append("没有识别出标题,请手动填写。")
    if not result.paragraphs:
        result.notes.append("没有找到正文段落,请核对粘贴的内容。")
    result.render()
    return result


def _apply_meta_hint(found, hint):
    """Fill what the page's own <meta> tags state (never guessed from the body)."""
    if not found["published"] and hint.get("published"):
        found["published"] = M.parse_published(hint["published"])
    if not found["source"] and hint.get("source"):
        found["source"] = M.clean_source(hint["source"])
