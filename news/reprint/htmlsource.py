"""Read HTML (a saved page, a fetched page, or what a browser or Word puts on the clipboard) into
blocks: one per paragraph, heading, line break or image, with bold and heading levels kept."""

import json
import re
from dataclasses import dataclass, field

from lxml import etree

from . import wechat
from .blocks import Block, clean_line

BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
DROP_TAGS = {
    "applet", "aside", "audio", "button", "canvas", "embed", "footer", "frame", "frameset",
    "head",
    "iframe", "input", "link", "map", "menu", "meta", "nav", "noscript", "object", "option",
    "script", "select", "style", "svg", "template", "textarea", "title", "video", "xml",
}  # fmt: skip
# class or id tokens of page furniture (matched whole, so "content-nav" is not "nav").
DROP_MARKERS = {
    "nav", "navbar", "menu", "topnav", "mainnav", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
    "position", "location", "share", "bdsharebuttonbox", "bdshare", "sharebox", "footer",
    "foot", "copyright", "sidebar", "side", "comment", "comments", "related", "relate", "pager",
    "pagination", "toolbar", "hot", "hotnews", "hottags", "tags",
}  # fmt: skip
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_NORMAL_STYLE = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-5]00)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_TRACKER = re.compile(
    r"(cnzz\.com|hm\.baidu\.com|google-analytics|googletagmanager|doubleclick|51\.la|statcounter"
    r"|tongji|/beacon|/pixel|/track|1x1|spacer\.gif|blank\.gif|/count\b|c\.gif|\.ashx\b)",
    re.I,
)
_PIXEL_SIZE = re.compile(r"(?:^|;)\s*(?:width|height)\s*:\s*[0-2](?:\.\d+)?px", re.I)
# Word's clipboard HTML: <![if !supportLists]> … <![endif]> and <o:p> wrappers. The condition is
# short and never spans a tag: unbounded, every unclosed "<![if" rescanned the rest of the page.
_WORD_CONDITIONALS = re.compile(r"<!\[(?:if [^\]<>]{0,200}|endif)\]>", re.I)
_HEADING_LEVEL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Container tags flattened away when a page nests too deeply for the parser.
_CONTAINERS = re.compile(
    r"</?(?:div|section|article|span|font|center|table|tbody|thead|tr|td|th|ul|ol|li|blockquote"
    r"|dl|dd|dt|main|b|strong|i|em|u|a|small|big)\b[^<>]*>",  # [^<>]: an unclosed tag stops here
    re.I,
)
# A line break in the HTML source between Chinese characters is not a space on the page.
_NEWLINE_BETWEEN_CJK = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef,.;:!?\"'”’)])[ \t]*\n\s*"
    r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“‘(])"
)
_WHITESPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CANONICAL_NAMES = ("og:url",)
_META_PUBLISHED = ("article:published_time", "pubdate", "publishdate", "publish_date", "date")
_META_SOURCE = ("contentsource", "source")
_META_AUTHOR = ("author",)
_META_TITLE = ("articletitle", "og:title")


@dataclass
class HtmlDocument:
    blocks: list = field(default_factory=list)
    title: str = ""  # from <title>, or a meta tag naming the article title
    canonical_url: str = ""
    meta: dict = field(default_factory=dict)  # published/source/author from <meta> tags
    notes: list = field(default_factory=list)


def _is_hidden(el):
    style = el.get("style") or ""
    return el.get("hidden") is not None or bool(style and _HIDDEN_STYLE.search(style))


def _is_furniture(el):
    tokens = set()
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            tokens.update(t.lower() for t in re.split(r"[\s_]+", value) if t)
    return bool(tokens & DROP_MARKERS)


def _bold_of(el, inherited):
    tag = el.tag
    style = el.get("style") or ""
    if tag in ("b", "strong") or tag in _HEADING_LEVEL:
        return True
    if style:
        if _BOLD_STYLE.search(style):
            return True
        if _NORMAL_STYLE.search(style):
            return False
    return inherited


def _size(value):
    match = re.match(r"\s*(\d+)", value or "")
    return int(match.group(1)) if match else None


def _image_block(el):
    src = ""
    for attr in ("data-original", "data-src", "original-src", "data-lazy-src", "src"):
        value = (el.get(attr) or "").strip()
        if value and not value.startswith("data:image/gif"):
            src = value
            break
    if not src:
        return None
    width, height = _size(el.get("width")), _size(el.get("height"))
    tiny = (width is not None and width <= 2) or (height is not None and height <= 2)
    if tiny or _TRACKER.search(src) or _PIXEL_SIZE.search(el.get("style") or ""):
        return None  # a tracking pixel
    if (width is not None and width < 32) or (height is not None and height < 32):
        return None  # an icon (share buttons, bullets)
    return Block(image_src=src, image_alt=clean_line(el.get("alt") or el.get("title") or ""))


class _Collector:
    """Gathers text segments with their boldness and flushes them into blocks at boundaries."""

    def __init__(self):
        self.blocks = []
        self.segments = []
        self.level = 0

    def add(self, text, bold):
        if text:
            self.segments.append((text, bold))

    def flush(self):
        if not self.segments:
            return
        raw = "".join(t for t, _ in self.segments)
        raw = _NEWLINE_BETWEEN_CJK.sub("", raw)
        text = clean_line(_WHITESPACE.sub(" ", raw))
        visible = [(t, b) for t, b in self.segments if t.strip()]
        bold = bool(visible) and all(b for _, b in visible)
        self.segments = []
        if text:
            self.blocks.append(Block(text=text, bold=bold, level=self.level))


def _parse(html):
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, huge_tree=True, no_network=True, recover=True
    )
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        root = etree.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    too_deep = any("depth" in str(e.message).lower() for e in parser.error_log)
    return root, too_deep


def read_html(html):
    """Return an HtmlDocument for html (a str)."""
    doc = HtmlDocument()
    html = _WORD_CONDITIONALS.sub("", html)
    root, too_deep = _parse(html)
    if too_deep:
        # Keep the words of a page nested deeper than the parser allows: flatten its containers.
        root, _ = _parse(_CONTAINERS.sub("\n<br>", html))
        doc.notes.append("网页的标签嵌套过深,已按简化方式提取文字,请核对格式。")
    if root is None:
        return doc
    _read_head(root, doc)
    out = _Collector()
    article = wechat.article_parts(root)
    if article:  # a WeChat post: its title and #js_content, shown by script once loaded
        wechat.read_meta(root, doc.meta)
        doc.canonical_url = doc.canonical_url or doc.meta.pop("url", "")
    for part in article or [root]:
        _walk(part, out)
    out.flush()
    doc.blocks = out.blocks
    return doc


def _walk(top, out):
    bold_stack = [False]
    level_stack = [0]
    walker = etree.iterwalk(top, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            hidden = el is not top and _is_hidden(el)
            dropped = not tag or tag in DROP_TAGS or hidden or _is_furniture(el)
            if dropped or tag in BLOCK_TAGS or tag == "br":
                out.flush()
            if dropped:
                walker.skip_subtree()  # its "end" event still comes, and adds the tail
                bold_stack.append(bold_stack[-1])
                level_stack.append(level_stack[-1])
                continue
            if tag == "img":
                image = _image_block(el)
                if image:
                    out.flush()
                    out.blocks.append(image)
            bold_stack.append(_bold_of(el, bold_stack[-1]))
            level_stack.append(_HEADING_LEVEL.get(tag, level_stack[-1]))
            out.level = level_stack[-1]
            out.add(el.text, bold_stack[-1])
        else:
            if tag in BLOCK_TAGS or tag in DROP_TAGS:
                out.flush()
            bold_stack.pop()
            level_stack.pop()
            out.level = level_stack[-1]
            if el is not top:
                out.add(el.tail, bold_stack[-1])
    out.flush()


def _read_head(root, doc):
    title = root.find(".//title")
    if title is not None and title.text:
        doc.title = clean_line(title.text)
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = clean_line(meta.get("content") or "")
        if not name or not content:
            continue
        if name in _META_TITLE and not doc.meta.get("title"):
            doc.meta["title"] = content
        elif name in _CANONICAL_NAMES and not doc.canonical_url:
            doc.canonical_url = content
        elif name in _META_PUBLISHED:
            doc.meta.setdefault("published", content)
        elif name in _META_SOURCE:
            doc.meta.setdefault("source", content)
        elif name in _META_AUTHOR:
            doc.meta.setdefault("author", content)
    _read_json_ld(root, doc)
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower() and link.get("href"):
            doc.canonical_url = link.get("href").strip()
            break


_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNews", "BlogPosting", "AnalysisNewsArticle"}
_JSON_LD_MAX = 200_000


def _articles(data, depth=0):
    """The article objects in a JSON-LD value (a list, an @graph, or the object itself)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _articles(item, depth + 1)
    elif isinstance(data, dict):
        kinds = data.get("@type")
        kinds = set(kinds) if isinstance(kinds, list) else {kinds}
        if kinds & _ARTICLE_TYPES:
            yield data
        yield from _articles(data.get("@graph"), depth + 1)


def _names(value):
    items = value if isinstance(value, list) else [value]
    names = [i.get("name") if isinstance(i, dict) else i for i in items]
    return " ".join(clean_line(n) for n in names if isinstance(n, str) and n.strip())


def _read_json_ld(root, doc):
    """What a JSON-LD NewsArticle states: headline, datePublished, author, publisher."""
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        if len(script.text) > _JSON_LD_MAX:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for article in _articles(data):
            fields = {
                "title": article.get("headline"),
                "published": article.get("datePublished"),
                "author": _names(article.get("author")),
                "source": _names(article.get("publisher")),
            }
            for key, value in fields.items():
                if isinstance(value, str) and clean_line(value):
                    doc.meta.setdefault(key, clean_line(value)[:300])
            return


_HTML_HINT = re.compile(
    r"<(?:!doctype html|html|head|body|meta|p|div|br|span|h[1-6]|table|td|strong|b|font|article"
    r"|section|img|ul|li|a)[\s>/]",
    re.I,
)


def looks_like_html(text):
    """True when pasted text is HTML source rather than plain text."""
    head = text[:20000]
    return len(_HTML_HINT.findall(head)) >= 2 or head.lstrip().lower().startswith(
        ("<!doctype", "<html")
    )
