"""Recognise the site chrome around an article: navigation, tag rows, share links, footers."""

import re

from .blocks import clean_line, compact

# Lines that are chrome wherever they appear (matched against the line without spaces).
_CHROME = re.compile(
    "|".join(
        [
            r"^(?:欢迎(?:您)?(?:访问|光临|来到|进入|浏览)|welcome)",
            r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您当前的位置|所在位置|现在位置|位置):",
            r"^(?:首页|网站首页|主页|home)(?:>|»|›|→|/|-|\|)",
            r"^(?:热门标签|热门关键词|热门搜索|热门阅读|标签|关键词|关键字|tags?)(?::|$)",
            r"^[【\[(（]?(?:字体|字号)(?::|【|\[|大|小|默认|t)",
            r"[【\[]大[】\]]?[【\[]?中[】\]]?[【\[]?小[】\]]",
            r"^[【\[(（]?(?:浏览次数|浏览量|浏览|点击数|点击量|点击率|点击|阅读次数|阅读量|阅读数|阅读|访问量|人气)"
            r"(?::|\d|次|$)",
            r"^(?:分享到|分享:|分享$|一键分享|扫一扫|微信扫一扫|扫描二维码|手机扫一扫|用手机看|手机看)",
            r"^(?:[【\[]?(?:打印|打印本页|打印此页|打印文章|关闭|关闭窗口|关闭本页|收藏|收藏本页|加入收藏"
            r"|返回|返回顶部|返回首页|返回列表|顶部|大|中|小|推荐|纠错|评论|保存)[】\]]?)+$",
            r"^[【\[(（]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)",
            r"^[【\[(（]?(?:责任编辑|编辑|责编|审核|审校|校对|值班编辑|网络编辑|编审|签发):",
            r"(?:版权所有|copyright|©|\(c\)\d{4}|icp备|icp证|公网安备|技术支持:|allrightsreserved|网站地图)",
            r"(?:免责声明|本站声明|未经(?:授权|许可)|转载请注明|如有侵权|联系删除)",
            r"^(?:相关(?:文章|新闻|阅读|链接|报道|资讯|推荐)|推荐阅读|延伸阅读|热点推荐|猜你喜欢|热门文章"
            r"|最新文章|精彩推荐|热点新闻|热门新闻|更多>>|更多»|更多新闻|网友评论|发表评论|我要评论)",
            r"^(?:原标题):",
            r"^[(（【\[]?完[)）】\]]?$",
            r"^(?:javascript:|document\.write|function\()",
        ]
    ),
    re.IGNORECASE,
)

# Lines after which nothing belongs to the article any more.
_FOOTER = re.compile(
    "|".join(
        [
            r"^[【\[(（]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)",
            r"^[【\[(（]?(?:责任编辑|责编|值班编辑|网络编辑|编审|签发):",
            r"^[【\[(（]?编辑:\S{1,12}[)）】\]]?$",
            r"(?:版权所有|copyright|©|icp备|icp证|公网安备|allrightsreserved)",
            r"^(?:相关(?:文章|新闻|阅读|链接|报道|资讯|推荐)|推荐阅读|延伸阅读|热点推荐|猜你喜欢|热门文章"
            r"|最新文章|精彩推荐|热点新闻|热门新闻|网友评论|发表评论|我要评论)",
            r"^[(（【\[]?完[)）】\]]?$",
            r"^(?:分享到|一键分享)",
        ]
    ),
    re.IGNORECASE,
)

_NAV_SEPARATORS = re.compile(r"[\s|丨·•/>»›]+")
_PUNCTUATION = re.compile(r"[,。;!?、:“”\"\uff0c\uff1b\uff01\uff1f\uff1a]")
_ENGLISH_LINE = re.compile(r"^[A-Za-z][A-Za-z &'.,-]{1,60}$")


def _is_prose(key):
    # A sentence that mentions 版权所有 or 分享 is article text, not chrome.
    return len(key) > 30 and key.endswith("。")


def is_chrome(text):
    """True for a line that is site chrome rather than part of an article."""
    if len(text) > 400:
        return False
    key = compact(text)
    if not key:
        return True
    if len(key) > 160 or _is_prose(key):
        return False
    return bool(_CHROME.search(key))


def is_footer_start(text):
    if len(text) > 400:
        return False
    key = compact(text)
    return bool(key) and len(key) <= 160 and not _is_prose(key) and bool(_FOOTER.search(key))


def is_nav_row(text):
    """A row of short links such as 首页 | 协会概况 | 协会动态 | 行业资讯."""
    if len(text) > 200:
        return False
    line = clean_line(text)
    tokens = [t for t in _NAV_SEPARATORS.split(line) if t]
    if len(tokens) < 3 or _PUNCTUATION.search(line):
        return False
    if all(len(t) <= 8 for t in tokens):
        return len(tokens) >= 4 or tokens[0] in ("首页", "网站首页", "主页", "Home", "HOME")
    return False


def is_english_label(text):
    """A short English line among Chinese ones: a section's English name (Association Dynamic)."""
    if len(text) > 200:
        return False
    return bool(_ENGLISH_LINE.match(clean_line(text)))
