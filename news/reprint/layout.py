"""Decide, over the classified lines of a page, which is the title, which lines are the metadata
and where the article's text starts and ends."""

import re
from collections import Counter
from dataclasses import dataclass, field

from . import meta as M
from .blocks import compact
from .lines import BODY, FOOTER, IMAGE, LABEL, META, SHORT, TITLE_MAX, classify, title_text
from .outlets import outlet_named

HEAD_SEARCH = 80  # the title and meta lines are within the first lines of a page
ABOVE_TITLE = 3  # meta lines this close above the title are the title's (公众号 2023-06-18)
NO_TITLE = -12  # a best title candidate scoring this low is no title


@dataclass
class Layout:
    title: str = ""
    title_line: str = ""  # the line the title was taken from
    title_index: int | None = None  # that line's index in lines
    meta_lines: list = field(default_factory=list)  # stated: 来源:…, bylines, date lines
    weak_lines: list = field(default_factory=list)  # suggested: 公众号 2023-06-18, a names line
    masthead: str = ""  # a paper's or account's name above its date line
    items: list = field(default_factory=list)  # the body's Blocks
    lines: list = field(default_factory=list)  # every block's Line, in order
    body_from: int = 0  # the index of the line where the body was looked for


def decode(blocks, hints=(), *, title=None, not_title=()):
    """Return the Layout of blocks; hints are titles the page states (<title>, og:title).

    title is the index of the line an editor chose as the title; lines at not_title are never
    the title (the editor said they are the source or the author).
    """
    lines = [classify(b) for b in blocks]
    layout = Layout(lines=lines)
    epaper = any(line.edition for line in lines[:HEAD_SEARCH])
    start = _body_start(lines)
    t, score = _find_title(lines, start, hints, epaper, set(not_title))
    chosen = title if title is not None and _choosable(lines, title) else None
    if chosen is not None and chosen < start:
        t, score = chosen, 0  # a header line: what follows it is its meta and the text
    _find_masthead(lines, t if t is not None else start, layout)
    if t is None:
        body_from = 0
    else:
        layout.title, layout.title_line = title_text(lines[t]), lines[t].text
        layout.title_index = t
        original = _original_title(lines[: min(start, HEAD_SEARCH)])
        if original and score < 0:  # only a site's name or the like: the title the page states
            layout.title, layout.title_line = original
            layout.title_index = next(i for i, line in enumerate(lines) if line.text == original[1])
        above = [j for j in range(t - 1, -1, -1) if lines[j].significant][:ABOVE_TITLE]
        body_from = _header(lines, t, layout)
        layout.meta_lines += [lines[j].text for j in reversed(above) if lines[j].kind == META]
    if chosen is not None and chosen >= start:
        # A line of the text: the text still starts where it did, without that line.
        layout.title, layout.title_line = title_text(lines[chosen]), lines[chosen].text
        layout.title_index = chosen
    layout.body_from = body_from
    _body(lines, body_from, layout)
    return layout


def _choosable(lines, i):
    return 0 <= i < len(lines) and lines[i].kind != IMAGE and 2 <= len(lines[i].key) <= TITLE_MAX


def _body_start(lines):
    """The first line of a run of article text (a stray sentence in the page's header is not)."""
    body = [i for i, line in enumerate(lines) if line.kind == BODY]
    for n, i in enumerate(body):
        if n + 1 == len(body):
            return i
        between = sum(lines[j].significant for j in range(i + 1, body[n + 1]))
        if between < 4:  # the next sentence is among the next four lines that count
            return i
    return len(lines)


def _runs(lines, end):
    """Runs of short lines before end, each with the significant line that follows it (page
    tools between them do not count: 标题 / 【字体:大 中 小】 / 来源:…)."""
    runs, current = [], []
    for i in range(min(end + 1, len(lines))):
        line = lines[i]
        if not line.significant:
            continue
        if line.kind == SHORT:
            current.append(i)
            continue
        runs.append((current, i))
        current = []
    if current:
        runs.append((current, None))
    return runs


def _find_title(lines, end, hints, epaper, not_title=frozenset()):
    limit = min(end, HEAD_SEARCH)
    hint_keys = [compact(h) for h in hints if h]
    repeats = Counter(line.key for line in lines[:limit] if line.kind == SHORT)
    best, best_score = None, NO_TITLE
    for run, anchor_index in _runs(lines, limit):
        anchor = lines[anchor_index] if anchor_index is not None else None
        bonus = 0 if anchor is None else 4 if anchor.kind == META else 2
        newspaper = epaper and anchor is not None and _byline_like(anchor) and len(run) >= 2
        d = -1
        for i in reversed(run):
            line = lines[i]
            d += not line.names  # a names line sits between a title and its date: no distance
            if i >= limit or i in not_title:
                continue
            score = bonus - (abs(d - 1) if newspaper else d)
            score += _title_score(line, lines, i, hint_keys, repeats)
            if score >= best_score:
                best, best_score = i, score
    return best, best_score


def _title_score(line, lines, i, hints, repeats):
    length = len(line.key)
    if not 2 <= length <= TITLE_MAX:
        return -100
    score = -3 if length < 5 else 1 if length <= 60 else -1
    score -= 5 * line.site + 4 * line.section + 6 * line.subtitle + 4 * bool(line.names)
    # The page's <title>, og:title or JSON-LD headline.
    score += 8 * any(line.key == h or (length >= 6 and line.key in h and 2 * length >= len(h))
                     for h in hints)  # fmt: skip
    level = line.block.level
    score += 6 if level == 1 else 1 if (level or line.block.bold) else 0
    score += 2 * (repeats[line.key] > 1)
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    for j in neighbours:
        if lines[j].kind == META and line.key in lines[j].key:
            score -= 5  # an account's or paper's name, repeated in its date line
    return score + (i > 0 and lines[i - 1].kind == META)  # 公众号 2023-06-18 above its title


_ORIGINAL_TITLE = re.compile(r"^[(（【\[]?原标题[:：]\s*《?(?P<title>.+?)》?[)）】\]]?$")


def _original_title(lines):
    """(title, line) from 原标题:… near the top, or None."""
    for line in lines:
        found = _ORIGINAL_TITLE.match(line.text)
        if found and 4 <= len(found["title"]) <= TITLE_MAX:
            return found["title"], line.text
    return None


def _byline_like(line):
    if line.kind == META:
        return line.byline
    head = line.key[:24]
    opens = head.startswith(("本报讯", "本报记者")) or "(记者" in head or "（记者" in head
    return line.kind == BODY and opens


def _find_masthead(lines, end, layout):
    """A paper's or account's name just above its date line, before the title (科技日报 /
    2022年11月03日), and account headers (公众号 2023-06-18 08:30) anywhere above the title."""
    sig = [i for i in range(min(end, HEAD_SEARCH)) if lines[i].significant]
    for a, b in zip(sig, sig[1:], strict=False):
        # The name is a known kind of site, or the page's first line above a bare date line.
        named = lines[a].site or (a == sig[0] and M.is_date_line(lines[b].text))
        if lines[a].kind == SHORT and named and lines[b].kind == META and lines[b].dated:
            if not layout.masthead:
                layout.masthead = outlet_named(lines[a].key) or lines[a].text
                layout.weak_lines.append(lines[b].text)
    layout.weak_lines += [lines[i].text for i in sig if M.account_line(lines[i].text)]


def _header(lines, t, layout):
    """Read the lines between the title and the text; return where the body starts."""
    z = next((j for j in range(t + 1, len(lines)) if lines[j].kind == BODY), len(lines))
    zone = lines[t + 1 : z]
    metas = [n for n, line in enumerate(zone) if line.kind == META]
    for n, line in enumerate(zone):
        if line.kind == META:
            layout.meta_lines.append(line.text)
        elif line.kind == IMAGE:
            layout.items.append(line.block)
        elif line.kind == SHORT and line.names:
            layout.weak_lines.append(line.text)
        elif line.kind == SHORT and (not metas or (line.block.level > 1 and n > metas[-1])):
            layout.items.append(line.block)  # a sub-heading, or text between title and body
    return z


def _body(lines, start, layout):
    header_meta = {compact(m) for m in layout.meta_lines}
    title_key = compact(layout.title_line)
    # Kept as it goes: asking the items each line was quadratic on a page of pictures and tools.
    has_text = any(not b.is_image for b in layout.items)
    for line in lines[start:]:
        if line.kind == IMAGE:
            layout.items.append(line.block)
            continue
        if line.kind == FOOTER:
            if has_text:
                break
            continue
        if line.kind == META and not M.is_date_line(line.text):
            if line.key not in header_meta:
                layout.meta_lines.append(line.text)  # 来源:… at the end; fills what is missing
            continue
        if line.kind in (BODY, SHORT, LABEL, META) and line.key != title_key:
            layout.items.append(line.block)
            has_text = True
