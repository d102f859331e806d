"""Mark which lines of an article's body are sub-headings (h2-h4) and which are paragraphs."""

from . import meta as M
from .blocks import compact

HEADING_MAX = 30  # plain-text sub-headings are short lines
BOLD_HEADING_MAX = 40
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


def _is_paragraph(text):
    """Text a heading can introduce: a sentence, or a long line."""
    if len(text) > 200:
        return True
    key = compact(text)
    return len(key) >= 40 or (key[-1:] in "。!?…”\uff01\uff1f" and not M.is_date_line(text))


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


def mark_headings(items):
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
