"""The neutral form every input is turned into before the article is recognised."""

import re
from dataclasses import dataclass
from functools import lru_cache

# Spaces that pages use for indentation and alignment; all become one ordinary space.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


@dataclass
class Block:
    """One line of the input: a paragraph, a heading or an image."""

    text: str = ""
    bold: bool = False  # every visible character is bold (HTML <b>/<strong>, Word bold runs)
    level: int = 0  # an explicit heading level: 1 for <h1>/Word "Title", 2 for <h2>/"Heading 1"…
    image_src: str = ""
    image_data: bytes = b""
    image_alt: str = ""

    @property
    def is_image(self):
        return bool(self.image_src or self.image_data)


# Traditional characters of the labels and page words the parser matches, one for one (so that a
# match's position is the same in the original), for mirrors in traditional characters.
_FROM = (
    "來發佈時間網編輯責頁當協會動態關閉視資訊點擊數瀏覽閱"
    "讀標題記員報導轉載號體設計類欄專權聯繫臺內簡訂攝圖戶"
)
_TO = (
    "来发布时间网编辑责页当协会动态关闭视资讯点击数浏览阅"
    "读标题记员报导转载号体设计类栏专权联系台内简订摄图户"
)
_TRADITIONAL = str.maketrans(_FROM, _TO)
_ANY_TRADITIONAL = re.compile(f"[{_FROM}]")


def simplified(text):
    """text with the traditional characters of labels made simplified, character for character."""
    # translate() looks every character up: only pages that have one of them pay for it.
    return text.translate(_TRADITIONAL) if _ANY_TRADITIONAL.search(text) else text


def clean_line(text):
    """Collapse every kind of space (full-width, no-break, zero-width) and strip the line."""
    # Each of a dozen checks cleans and compacts the same line again; a small cache of short
    # lines makes that once per line (it was a third of the time on a 1 MB paste of short lines).
    return _clean_short(text) if len(text) <= _CACHED_LENGTH else _clean(text)


def compact(text):
    """The line without any spaces and with full-width colons made half-width, for matching."""
    return _compact_short(text) if len(text) <= _CACHED_LENGTH else _compact(text)


_CACHED_LENGTH = 400  # longer lines are paragraphs, looked at once or twice


def _clean(text):
    return _SPACES.sub(" ", text).strip()


def _compact(text):
    return simplified(_SPACES.sub("", text).replace("\uff1a", ":"))


_clean_short = lru_cache(maxsize=256)(_clean)
_compact_short = lru_cache(maxsize=256)(_compact)
