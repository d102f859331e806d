"""Recognise the site chrome around an article: navigation, tag rows, share links, footers."""

import re

from .blocks import clean_line, compact

# Lines that are chrome wherever they appear (matched against the line without spaces).
_CHROME = re.compile(
    "|".join(
        [
            r"^(?:欢迎(?:您)?(?:访问|光临|来到|进入|浏览)|welcome)",
            r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您当前的位置|您所在的位置|所在位置"
            r"|现在位置|位置):",
            r"^(?:首页|网站首页|主页|home)(?:>|»|›|→|/|-|\|)",
            r"^(?:热门标签|热门关键词|热门搜索|热门阅读|标签|关键词|关键字|tags?)(?::|$)",
            r"^[【\[(（]?(?:字体|字号)(?::|【|\[|大|小|默认|t)",
            r"[【\[]大[】\]]?[【\[]?中[】\]]?[【\[]?小[】\]]",
            r"^[【\[(（]?(?:浏览次数|浏览量|浏览|点击数|点击量|点击率|点击|阅读次数|阅读量|阅读数|阅读|访问量|人气)"
            r"(?::|\d|次|$)",
            r"^(?:分享到|分享:|分享$|一键分享|扫一扫|微信扫一扫|扫描二维码|手机扫一扫|用手机看|手机看)",
            r"^(?:[【\[]?(?:打印|打印本页|打印此页|打印文章|列印|列印本页|关闭|关闭窗口|关闭视窗|关闭本页|收藏|收藏本页|加入收藏"
            r"|返回|返回顶部|返回首页|返回列表|顶部|大|中|小|推荐|纠错|评论|保存)[】\]]?)+$",
            r"^[【\[(（]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)",
            r"^[【\[(（]?(?:责任编辑|编辑|责编|审核|审校|校对|值班编辑|网络编辑|编审|签发):",
            r"(?:版权所有|copyright|©|\(c\)\d{4}|icp备|icp证|公网安备|技术支持:|allrightsreserved|网站地图)",
            r"(?:免责声明|本站声明|未经(?:授权|许可)|转载请注明|如有侵权|联系删除)",
            r"^(?:相关(?:文章|新闻|阅读|链接|报道|资讯|推荐)|推荐阅读|延伸阅读|热点推荐|猜你喜欢|热门文章"
            r"|最新文章|精彩推荐|热点新闻|热门新闻|更多>>|更多»|更多新闻|网友评论|发表评论|我要评论)",
            r"^[(（【\[]?(?:原标题|核心提示|内容提要|提要|摘要|导读):",
            r"^[(（【\[]?完[)）】\]]?$",
            r"^(?:javascript:|document\.write|function\()",
        ]
    ),
    re.IGNORECASE,
)

# Chrome by its words even when the line is long or ends like a sentence: app banners, WeChat's
# furniture, disclaimers, e-paper edition tools, CMS credits, word counts.
_STRONG_CHROME = re.compile(
    "|".join(
        [
            r"(?:下载|打开|安装).{0,14}(?:客户端|app)|阅读体验更佳|^app内打开|^打开$|^下载app$",
            r"^(?:收录于(?:话题|合集)|#\S{1,20}$|#\S{1,20}\d+个$|\d+个$|[-—–_~]*end[-—–_~]*$|阅读原文"
            r"|点击.{0,4}阅读原文|轻触阅读原文|往期(?:推荐|回顾|精彩)|▼|分享收藏|点赞|在看|喜欢此内容的人还喜欢"
            r"|预览时标签不可点|原创不易|▲?点击(?:图片|上方|下方|蓝字|关注)|长按(?:识别|二维码)|扫码关注|关注我们|继续滑动看下一个|向上滑动看下一个)",
            r"^(?:举报|分享至|用微信扫码|分享至好友|返回搜狐|查看更多|申请入驻|特别声明|声明:|免责声明"
            r"|本文来自.{0,30}(?:作者|客户端|号|立场|观点)|本文(?:转载|转自).{0,40}(?:版权|作者|所有)"
            r"|(?:版权|著作权)归原作者)",
            r"^[(（【\[]?(?:本文)?字数:?\d+[)）】\]]?$|^a[-+]a[-+]$",
            r"^(?:主办|承办|协办|主办单位|承办单位|技术支持|网站标识码|网站标识|联系电话|热线电话|备案号"
            r"|录入|供稿)[:：]",
            r"^[(（【\[]?(?:原标题|核心提示|内容提要|提要|摘要|导读)[:：]",
            # Markup and script pasted as text: a line that opens with a tag or reads like code.
            r"^</?[a-z!][^>]*>|(?-i:^(?:var|let|const)[a-z_$][\w$]*=)|^(?:window\.|document\.|\(function|\}\)|_hmt)",
            r"^[【\[(（]?(?:责任编辑|编辑|责编|审核|审校|校对|值班编辑|网络编辑|编审|签发|排版|美编|图片|图|设计)"
            r"[|丨/]",
        ]
    ),
    re.IGNORECASE,
)
# An e-paper page's tools, as every token of a line: 当前版:03版 通版阅读, 上一期 下一期.
_EDITION_TOKEN = re.compile(
    r"^(?:第?[a-z]?\d{1,3}版(?::\S{0,12})?|当前版(?::\S*)?|通版阅读|通版|版面导航|版面|本版(?:标题)?导航"
    r"|本版(?:标题)?(?:导航|目录)|本期导读|往期回顾|上一期|下一期|上一版|下一版|放大|缩小|默认|下载pdf|pdf下载|返回目录|目录"
    r"|上一篇|下一篇|[a-z]\d{1,2})$",
    re.IGNORECASE,
)
EDITION_MARK = re.compile(
    r"第\s*[A-Z]?\s*\d{1,3}\s*版|当前版|通版|版面导航|星期[一二三四五六日天]|数字报"
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

_NAV_SEPARATORS = re.compile(r"[\s|丨·•/>»›＞｜]+")
_CRUMB = re.compile(r"\s*(?:>>|>|»|›|＞|→)\s*")
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


def is_strong_chrome(text):
    """Chrome by its words alone (an app banner, 收录于话题, 字数, 主办单位), any length."""
    if len(text) > 400:
        return False
    key = compact(text)
    if _STRONG_CHROME.search(key):
        return True
    tokens = clean_line(text).split(" ")
    return all(_EDITION_TOKEN.match(t.replace("：", ":")) for t in tokens)


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


def is_breadcrumb(text):
    """网易首页 > 网易号 > 正文, 中国膜网>新闻中心>企业动态: short names joined by > or »."""
    if len(text) > 120 or _PUNCTUATION.search(text.replace("：", "").replace(":", "")):
        return False
    parts = [p for p in _CRUMB.split(clean_line(text)) if p]
    return len(parts) >= 3 and all(len(p) <= 16 for p in parts)


def is_english_label(text):
    """A short English line among Chinese ones: a section's English name (Association Dynamic)."""
    if len(text) > 200:
        return False
    return bool(_ENGLISH_LINE.match(clean_line(text)))
