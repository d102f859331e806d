"""The one HTML sanitiser: every way into an article body goes through clean_html()."""

import re
from html import unescape

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading", "srcset", "sizes"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},  # the editor's list settings: 1, a, A, i, I
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_H1 = re.compile(r"<(/?)h1(\s[^>]*)?>", re.IGNORECASE)


def clean_html(html):
    """Return html with only safe tags, attributes and link schemes left."""
    if not html:
        return ""
    # The page title is the only h1; a pasted h1 becomes a section heading.
    html = _H1.sub(r"<\1h2>", str(html))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def html_to_text(html):
    """Return the visible text of html, whitespace collapsed."""
    if not html:
        return ""
    text = nh3.clean(re.sub(r"</(p|h\d|li|div|tr|blockquote)>", r"</\1> ", html), tags=set())
    return re.sub(r"\s+", " ", unescape(text)).strip()


SUMMARY_LENGTH = 120


def make_summary(html, length=SUMMARY_LENGTH):
    """The visible text of html, cut to length characters with … where it was cut."""
    text = html_to_text(html)
    return text if len(text) <= length else text[:length].rstrip() + "…"
