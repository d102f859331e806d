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
from .decode import GARBAGE_MESSAGE, decode_bytes, looks_binary
from .docxsource import OLD_DOC, read_docx
from .errors import ReprintError
from .headings import mark_headings
from .htmlsource import looks_like_html, read_html
from .layout import decode
from .lines import IMAGE, ORGANISATION, SECTION
from .outlets import outlet_named

logger = logging.getLogger(__name__)

MAX_INPUT_BYTES = 20 * 1024 * 1024
META_LINES_MAX = 50  # meta lines read from each end of a page's run of them
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||丨| - | — |——|-{2,})\s*")

EMPTY = "没有可导入的内容:内容是空的。"
ONLY_CHROME = "没有找到文章:内容里只有网站导航、标签、版权等页面框架文字,没有标题和正文。"
TOO_BIG = "内容太大(超过 20 MB),无法导入。"
PAGE_TAGS = "网页标记(<meta>、JSON-LD 或页面脚本)"  # where a field came from when not from a line
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
    unsure: list = field(default_factory=list)  # fields guessed, not stated (请核对): "source"…
    origins: dict = field(default_factory=dict)  # field name: the line it was read from
    lines: list = field(default_factory=list)  # every input line's text, in order ("" a picture)
    kinds: list = field(default_factory=list)  # each line's kind (news.reprint.lines)
    origin_lines: dict = field(default_factory=dict)  # field name: the index of its line
    body_from: int = 0  # the index of the line where the article's text was looked for

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


def parse_reprint(content, *, filename="", url="", content_type="", charset="", choose=None):
    """Recognise a reprinted article in content: a str (text or HTML), the bytes of a .txt, .html
    or .docx file, or a page from news.reprint.fetch.fetch_page().

    choose overrides the parser's decision, as an editor does on the review page: {"title": i,
    "source": i, "author": i}, i the index of a line in the result's lines.

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
        result = _parse(content, filename or "", content_type or "", charset or "", choose or {})
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


def _parse(content, filename, content_type, charset, choose):
    name = filename.lower()
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
        if len(data) > MAX_INPUT_BYTES:
            raise ReprintError(TOO_BIG)
        if not data.strip():
            raise ReprintError(EMPTY)
        if data.startswith(b"PK\x03\x04") or name.endswith(".docx"):
            return _analyse(read_docx(data), kind="docx", choose=choose)
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
    if is_html or (looks_like_html(text) and (not name.endswith(".txt") or _whole_page(text))):
        doc = read_html(text)
        hint = dict(doc.meta, site=_site_name(doc))
        result = _analyse(
            doc.blocks,
            kind="html",
            hints=_page_titles(doc),
            meta_hint=hint,
            notes=doc.notes,
            choose=choose,
        )
        if doc.canonical_url.startswith(("http://", "https://")):
            result.original_url = doc.canonical_url[:500]
        return result
    blocks = [Block(text=line) for line in map(clean_line, text.split("\n")) if line]
    return _analyse(blocks, kind="text", choose=choose)


_PAGE_SOURCE = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])|<head[\s>].*?</head>", re.I | re.S)


def _whole_page(text):
    """A page's HTML source in a .txt file: <!DOCTYPE html>, <html>, a <head>, or lines that
    mostly open with a tag."""
    head = text[:20000]
    if _PAGE_SOURCE.search(head):
        return True
    lines = [line.strip() for line in head.split("\n") if line.strip()]
    return len(lines) >= 3 and sum(line.startswith("<") for line in lines) * 2 >= len(lines)


def _refuse_other_formats(data):
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReprintError(OLD_DOC)
    if data.startswith(b"%PDF"):
        raise ReprintError("暂不支持 PDF 文件:请复制 PDF 中的文字粘贴进来,或提供 Word(.docx)文件。")
    images = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")
    if data.startswith(images) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise ReprintError("这是一张图片,不是文章。请粘贴文章文字、上传 .docx 文件或填写网址。")


def _is_site(part):
    key = compact(part)
    return bool(outlet_named(key) or ORGANISATION.match(key) or SECTION.match(key))


def _page_titles(doc):
    """The titles the page states: og:title or JSON-LD headline, then <title> without the site."""
    titles = [doc.meta["title"]] if doc.meta.get("title") else []
    parts = [p for p in _TITLE_SEPARATORS.split(doc.title) if p]
    named = [p for p in parts if len(p) >= 4 and not _is_site(p)]
    if named or doc.title:
        titles.append(named[0] if named else doc.title)
    return titles


def _site_name(doc):
    """A known outlet named in <title> (光明日报 - 膜法净水走进千家万户)."""
    parts = [p for p in _TITLE_SEPARATORS.split(doc.title) if p]
    return next((outlet_named(compact(p)) for p in parts if outlet_named(compact(p))), "")


def _analyse(blocks, *, kind, hints=(), meta_hint=None, notes=(), choose=None):
    result = ParsedReprint(kind=kind, notes=list(notes))
    if not blocks:
        raise ReprintError(EMPTY)
    choose = choose or {}
    # A line the editor named the source or the author is not the title (unless named so too).
    not_title = {choose[n] for n in ("source", "author") if n in choose} - {choose.get("title")}
    layout = decode(blocks, hints, title=choose.get("title"), not_title=not_title)
    result.lines = ["" if line.kind == IMAGE else line.text for line in layout.lines]
    result.kinds = [line.kind for line in layout.lines]
    result.body_from = layout.body_from
    result.title = layout.title or (hints[0] if hints else "")
    if result.title and not layout.title:
        result.unsure.append("title")  # only the page's <title> named it
    items = layout.items

    found = M.extract_meta(_ends(layout.meta_lines))
    _apply_meta_hint(found, meta_hint or {})
    weak = M.extract_weak_meta(_ends(layout.weak_lines) + _ends(layout.meta_lines))
    if layout.masthead:
        weak["source"], weak["from"]["source"] = layout.masthead, layout.masthead
    elif not weak["source"] and (meta_hint or {}).get("site"):
        weak["source"], weak["from"]["source"] = meta_hint["site"], PAGE_TAGS
    for name in ("source", "author", "published"):
        if not found[name] and weak[name]:
            found[name], found["from"][name] = weak[name], weak["from"].get(name, "")
            result.unsure.append(name)
    result.origins = {"title": layout.title_line or (PAGE_TAGS if result.title else "")}
    result.origins.update(found["from"])
    result.source = found["source"][:100]
    result.author = found["author"][:100]
    result.author_title = found["author_title"] or ("作者" if found["author"] else "")
    result.published = found["published"]

    mark_headings(items)
    result.items = items
    result.headings = [b.text for b in items if b.tag.startswith("h")]
    result.paragraphs = [b.text for b in items if b.tag == "p"]
    if result.paragraphs:
        lead, author, author_title = M.extract_lead(result.paragraphs[0])
        result.lead_attribution = lead
        if author and (not result.author or "author" in result.unsure):
            result.author, result.author_title = author[:100], author_title
            result.origins["author"] = result.paragraphs[0]
            if "author" in result.unsure:
                result.unsure.remove("author")
        if lead:
            result.origins["lead_attribution"] = result.paragraphs[0]
    for name in ("source", "author"):
        if name in choose and _choosable(result.lines, choose[name]):
            _choose_field(result, name, result.lines[choose[name]])
    if "title" in choose and layout.title_index == choose["title"] and "title" in result.unsure:
        result.unsure.remove("title")
    result.origin_lines = _origin_lines(result, layout.title_index)

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


def _ends(lines):
    """The first and the last meta lines: a page states its meta in a few lines, at the top or
    after the text; reading 1 MB of date lines one by one found nothing more (and took seconds)."""
    if len(lines) <= 2 * META_LINES_MAX:
        return lines
    return lines[:META_LINES_MAX] + lines[-META_LINES_MAX:]


def _choosable(lines, i):
    return isinstance(i, int) and 0 <= i < len(lines) and 2 <= len(compact(lines[i])) <= 200


def _choose_field(result, name, line):
    """Read field name from the line the editor chose: what the line states, else the line."""
    stated = M.extract_meta([line])
    weak = M.extract_weak_meta([line])
    if name == "source":
        value = stated["source"] or weak["source"] or M.clean_source(line) or clean_line(line)
        value = outlet_named(compact(value)) or value
    else:
        value = stated["author"] or weak["author"] or M.clean_names(line) or clean_line(line)
        result.author_title = stated["author_title"] or result.author_title or "作者"
    setattr(result, name, value[:100])
    result.origins[name] = line
    if name in result.unsure:
        result.unsure.remove(name)


def _origin_lines(result, title_index):
    """{field: index of the line it came from} for the fields read from a line of the input."""
    index = {}
    for i, text in enumerate(result.lines):
        index.setdefault(compact(text), i)
    found = {"title": title_index} if title_index is not None else {}
    for name, text in result.origins.items():
        if name not in found and text and text != PAGE_TAGS and compact(text) in index:
            found[name] = index[compact(text)]
    return found


def _apply_meta_hint(found, hint):
    """Fill what the page's own <meta> tags and JSON-LD state (never guessed from the body)."""
    stated = M.parse_published(hint.get("published", ""))
    if stated and (not found["published"] or stated.startswith(found["published"] + "T")):
        found["published"] = stated  # the page's own time of the same day is more precise
        found["from"]["published"] = PAGE_TAGS
    for name, clean in (("source", M.clean_source), ("author", M.clean_names)):
        value = clean(hint.get(name, ""))
        if not found[name] and value:
            found[name], found["from"][name] = value, PAGE_TAGS
