"""Classify every line of a reprint once, by its words and shape, before anything is decided.

Each Block becomes a Line with one kind and a few features; news.reprint.layout then picks the
title, the metadata and the body from the whole sequence of Lines.
"""

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from . import meta as M
from .blocks import Block, clean_line, compact
from .chrome import (
    EDITION_MARK,
    is_breadcrumb,
    is_chrome,
    is_english_label,
    is_footer_start,
    is_nav_row,
    is_strong_chrome,
)
from .outlets import outlet_named

IMAGE = "image"
FOOTER = "footer"  # chrome after which nothing belongs to the article (上一篇, 责任编辑)
META = "meta"  # source, author or time: 来源:… 作者:…, a date line, a byline, 公众号 2023-06-18
CHROME = "chrome"  # page furniture by its words: banners, tools, breadcrumbs, 收录于话题, 字数
LABEL = "label"  # a short English line among Chinese ones (a section's English name)
BODY = "body"  # article text: a sentence, or a long line
SHORT = "short"  # a short line: a title, a sub-heading, a site or section name, a name list

TITLE_MAX = 100  # a longer line is a paragraph, not a title
_BULLETS = re.compile(r"^[•·▪●◆■□◇○◎★☆]+\s*")
_SENTENCE_END = "。;:,；：，…"
# 协会动态, 政务动态, 新闻中心: a section's name above the title.
SECTION = re.compile(
    r"^\S{0,6}(?:动态|要闻|新闻|资讯|公告|通知|中心|频道|专题|导读|导航|快讯|头条|聚焦|视点|时评|观察|风采)$"
)
# A site, paper, account or organisation by the shape of its name.
ORGANISATION = re.compile(
    r"^[\u4e00-\u9fffA-Za-z]{2,16}(?:日报|晚报|早报|时报|报|网|新闻|在线|政府|协会|学会|商会|联合会|厅|局"
    r"|委员会|委|办公室|研究院|研究所|有限公司|集团)(?:数字报|电子版|客户端|app|APP)?$"
)
_KICKER = re.compile(r"^引\s*题\s*[:：]")
_SUBTITLE = ("——", "—", "--", "──", "副题")
# A title's column prefix: 【行业观察】…, 财经|…
_TITLE_PREFIX = re.compile(r"^(?:【[^】]{1,8}】|\[[^\]]{1,8}\]|[\u4e00-\u9fff]{1,6}\s*[|丨｜])\s*")


@dataclass(slots=True)
class Line:
    """One Block with what it looks like."""

    block: Block
    kind: str
    text: str = ""  # the text without leading bullets, spaces collapsed
    key: str = ""  # the text without any spaces
    site: bool = False  # names a site, paper, account or organisation
    section: bool = False  # a section's name (协会动态)
    subtitle: bool = False  # ——副题, or a 引题 (kicker)
    names: str = ""  # a bare line of person names
    byline: bool = False  # a newspaper byline (本报记者 …, □记者 …, 记者 … 通讯员 …)
    dated: bool = False  # holds a date
    edition: bool = False  # an e-paper edition mark (第3版, 当前版, 星期五)
    source: bool = False  # a labelled source line (来源:…)

    @property
    def significant(self):
        """Lines that count when looking at a line's neighbours (not page tools or pictures)."""
        return self.kind not in (CHROME, FOOTER, IMAGE, LABEL)


def classify(block):
    """Return the Line for block."""
    if block.is_image:
        return Line(block, IMAGE)
    if len(block.text) > _CACHED_LENGTH:
        return _classify(block)
    # A line's kind depends on its text alone: pages repeat lines (a pasted page twice, a list of
    # the same names), and a hostile paste repeats one line a hundred thousand times.
    kind, *features = _features(block.text)
    return Line(block, kind, *features)


_CACHED_LENGTH = 400  # a longer line is a paragraph


@lru_cache(maxsize=2048)
def _features(text):
    line = _classify(Block(text=text))
    return tuple(getattr(line, name) for name in _FEATURES)


def _classify(block):
    text = _BULLETS.sub("", clean_line(block.text))
    key = compact(text)
    line = Line(block, SHORT, text, key)
    if not key:
        line.kind = CHROME
        return line
    line.edition = bool(EDITION_MARK.search(text))
    if is_footer_start(text):
        line.kind = FOOTER
    elif is_strong_chrome(text):
        line.kind = CHROME
    elif M.looks_like_meta(text):
        line.kind = META
        line.dated = M.has_date(text)
        line.source = M.is_source_line(text)
        line.byline = bool(re.match(r"^(?:本报|特约|首席|见习)?记者|^[(（]?记者", key)) or (
            "记者" in key and "通讯员" in key
        )
    elif is_chrome(text) or is_nav_row(text) or is_breadcrumb(text):
        line.kind = CHROME
    elif is_english_label(text):
        line.kind = LABEL
    elif _is_body(key):
        line.kind = BODY
    else:
        line.site = bool(outlet_named(key) or ORGANISATION.match(key))
        line.section = bool(SECTION.match(key))
        line.subtitle = key.startswith(_SUBTITLE) or bool(_KICKER.match(key))
        line.names = M.names_line(text)
    return line


_FEATURES = [f.name for f in fields(Line)][1:]  # kind, text, key, … (all but the block)


def _is_body(key):
    if len(key) > TITLE_MAX:
        return True
    last = key[-1]
    if last in _SENTENCE_END or (last in "”」』" and key[-2:-1] in "。!?！？"):
        return True
    if "。" in key[:-1] and len(key) >= 20:
        return True
    return len(key) >= 60 or (len(key) >= 40 and last in "!?！？")


def title_text(line):
    """The title as an editor keeps it: without a column prefix (【行业观察】, 财经|)."""
    text = line.text
    found = _TITLE_PREFIX.match(text)
    if found and len(compact(text[found.end() :])) >= 6:
        return text[found.end() :]
    return text
