"""WeChat articles (mp.weixin.qq.com/s/…): the title, the account, the author and the publish time
that the page keeps in its markup and script variables, and the body in #js_content (hidden by
its style until the page's script shows it; images in data-src)."""

import re
from datetime import datetime, timedelta, timezone
from html import unescape

from .blocks import clean_line

BEIJING = timezone(timedelta(hours=8))
# var nickname = htmlDecode("膜视界");  var ct = "1686990600";  var msg_title = '…'.html(false);
_VARIABLE = re.compile(
    r"""\bvar\s+(?P<name>nickname|msg_title|ct|author|publish_time|msg_link)\s*=\s*"""
    r"""(?:htmlDecode\(\s*)?(?P<q>["'])(?P<value>.*?)(?P=q)"""
)
_SCRIPT_MAX = 500_000


def article_parts(root):
    """[title element, #js_content] of a WeChat article page, or [] for any other page."""
    content = root.find(".//*[@id='js_content']")
    if content is None:
        return []
    title = root.find(".//*[@id='activity-name']")
    if title is None:
        title = root.find(".//h1")
    return [title, content] if title is not None else [content]


def _variables(root):
    found = {}
    for script in root.iter("script"):
        text = script.text or ""
        if len(text) > _SCRIPT_MAX:
            continue
        for match in _VARIABLE.finditer(text):
            value = clean_line(unescape(match["value"].replace("\\x26", "&")))
            if value:
                found.setdefault(match["name"], value)
    return found


def _text_of(root, element_id):
    element = root.find(f".//*[@id='{element_id}']")
    return clean_line("".join(element.itertext())) if element is not None else ""


def read_meta(root, meta):
    """Fill meta (title, source, author, published, url) from what the page states."""
    values = _variables(root)
    title = _text_of(root, "activity-name") or values.get("msg_title", "")
    if title:
        meta["title"] = title
    account = _text_of(root, "js_name") or values.get("nickname", "")
    if account:
        meta["source"] = account
    author = _text_of(root, "js_author_name") or values.get("author", "")
    if author and "author" not in meta:
        meta["author"] = author
    stamp = values.get("ct", "")
    if stamp.isdigit() and 9 <= len(stamp) <= 10:
        moment = datetime.fromtimestamp(int(stamp), tz=BEIJING)
        meta["published"] = moment.replace(tzinfo=None).isoformat()
    elif values.get("publish_time"):
        meta.setdefault("published", values["publish_time"])
    link = values.get("msg_link", "")
    if link.startswith(("http://mp.weixin.qq.com/", "https://mp.weixin.qq.com/")):
        meta.setdefault("url", link)
