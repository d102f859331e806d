"""What the review page 导入转载文章 shows about a parse: where each field came from, which fields
the parser only guessed (请核对), the page's lines an editor may pick as the title, the source or
the author, and the picks themselves, kept in the form between two clicks."""

import re

from django.conf import settings

from .blocks import compact
from .lines import BODY
from .parser import PAGE_TAGS
from .pipeline import read

# The fields an editor may set from a line, with the label the page shows.
PICKABLE = {"title": "标题", "source": "来源", "author": "作者"}
# The fields whose origin the page shows, in the form's order.
FIELD_LABELS = {**PICKABLE, "published": "发布时间", "lead_attribution": "导语出处"}
AUTHOR_LINE_MAX = 40  # a longer line is no byline: no 设为作者 button
PICKABLE_MAX = 100  # nor 设为标题 / 设为来源 on a paragraph
HEAD_LINES = 12  # lines listed at least, from the top of the page
LINES_MAX = 60  # lines listed at most (plus the lines fields came from, wherever they are)
_PICK = re.compile(r"^(title|source|author):(\d{1,7})$")

NOT_KEPT = "原文没有保留在页面里(内容太长或来自 Word 文件),无法一键调整;请直接修改下面的字段。"
BAD_PICK = "无法识别要调整的那一行,请重新点一次按钮;字段没有改动。"


def keepable(text):
    """Whether the page can carry text in its hidden field for the next click."""
    return bool(text) and len(text) <= settings.REPRINT_REVIEW_SOURCE_MAX_CHARS


def parse_picks(value):
    """{field: line index} from the form's hidden "title:3,source:5"; bad parts are dropped."""
    picks = {}
    for part in (value or "").split(","):
        found = _PICK.match(part.strip())
        if found:
            picks[found[1]] = int(found[2])
    return picks


def format_picks(picks):
    return ",".join(f"{name}:{picks[name]}" for name in PICKABLE if name in picks)


def parse_pick(value):
    """(field, index) from a button's value "title:3", or None."""
    found = _PICK.match((value or "").strip())
    return (found[1], int(found[2])) if found else None


def with_pick(picks, name, index):
    """picks with line index chosen as field name; a line is one field only, so another field
    that had picked the same line lets it go (the parser decides that field again)."""
    kept = {field: i for field, i in picks.items() if i != index and field != name}
    return {**kept, name: index}


def reread(text, kind, *, url="", picks=None):
    """Parse the kept page again with the editor's picks; raises ReprintError."""
    filename = "page.html" if kind == "html" else ""
    return read(text, filename=filename, url=url, choose=picks or {})


def can_pick(parsed, index, name):
    """Whether line index may be offered as field name."""
    text = parsed.lines[index] if 0 <= index < len(parsed.lines) else ""
    size = len(compact(text))
    if size < 2 or (name != "title" and parsed.kinds[index] == BODY):
        return False  # a sentence of the text may be a title, never a source or a byline
    return size <= (AUTHOR_LINE_MAX if name == "author" else PICKABLE_MAX)


def lines(parsed):
    """The page's lines to list: the top of the page down to a few lines of the text, and the
    lines any field came from. Each a dict: n (1-based), index, text, marks, picks, gap."""
    origins = parsed.origin_lines
    shown = min(max(parsed.body_from + 3, HEAD_LINES), LINES_MAX, len(parsed.lines))
    wanted = sorted(set(range(shown)) | {i for i in origins.values() if i < len(parsed.lines)})
    rows, previous = [], -1
    for i in wanted:
        text = parsed.lines[i]
        if not text:
            continue  # a picture
        marks = [label for name, label in FIELD_LABELS.items() if origins.get(name) == i]
        picks = [
            (name, label)
            for name, label in PICKABLE.items()
            if origins.get(name) != i and can_pick(parsed, i, name)
        ]
        row = {"n": i + 1, "index": i, "text": text, "marks": marks, "picks": picks}
        rows.append({**row, "gap": previous >= 0 and i > previous + 1})
        previous = i
    return rows


def origins(parsed, shown, parsed_values):
    """{field: where its value came from}, for the fields of FIELD_LABELS.

    shown and parsed_values map each field to the text the form shows and the text the parse
    gave; a field the editor changed is marked edited (its origin no longer applies).
    """
    found = {}
    for name, label in FIELD_LABELS.items():
        origin, value = parsed.origins.get(name, ""), parsed_values.get(name) or ""
        # A field the parse left empty is not "edited" when filled (the time defaults to now).
        edited = bool(value) and (shown.get(name) or "") != value
        index = parsed.origin_lines.get(name)
        found[name] = {
            "label": label,
            "line": index + 1 if index is not None and not edited else None,
            "text": origin if origin != PAGE_TAGS else "",
            "from_tags": origin == PAGE_TAGS and not edited,
            "unsure": name in parsed.unsure and not edited,
            "edited": edited,
            "empty": not value,
        }
    return found
