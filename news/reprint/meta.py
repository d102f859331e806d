"""Recognise the meta line under a title: source, author, time; and the lead of the first paragraph.

Layouts seen on Chinese news pages:
    《威海日报》记者 姜倩倩 / 时间:2018-03-08 08:40:27
    来源:中国水网 作者:张三 发布时间:2019-06-12 10:05
    发布日期:2019年6月12日 来源:中国水网
    时间:2020/3/8 8:43 来源:某网 作者:张三、李四
    文/张三        (记者 王五 通讯员 赵六)
"""

import re
from datetime import date, datetime

from .blocks import clean_line, compact, simplified
from .outlets import outlet_prefix

_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:：时点]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?"
    r"(?!\d)\s*秒?)?"
)

SOURCE_LABELS = "Source|From|信息来源|文章来源|新闻来源|稿件来源|来源|稿源|出处|转载自|转自"
AUTHOR_LABELS = (
    "Author|Writer|By|本报记者|特约记者|见习记者|首席记者|记者|作者|撰稿人|撰稿|撰文|通讯员|文字|文"
)
TIME_LABELS = (
    "发布时间|发布日期|发表时间|发表日期|发稿时间|更新时间|更新日期|上传时间|添加时间|录入时间"
    "|时间|日期|发布|Date|Published|Posted|Time"
)
OTHER_LABELS = (
    "发布者|发布人|责任编辑|编辑|责编|审核|审校|校对|点击数|点击量|点击率|点击|浏览次数|浏览量|浏览|阅读次数"
    "|阅读量|阅读数|阅读|访问量|字体|字号|分享到|分享|评论|摄影|图片|原标题|关键词|标签|栏目"
)
_LABEL = re.compile(
    rf"(?P<label>{SOURCE_LABELS}|{TIME_LABELS}|{AUTHOR_LABELS}|{OTHER_LABELS})\s*[:：]", re.I
)
_SOURCE_LABEL = re.compile(rf"^(?:{SOURCE_LABELS})$", re.I)
_AUTHOR_LABEL = re.compile(rf"^(?:{AUTHOR_LABELS})$", re.I)
_TIME_LABEL = re.compile(rf"^(?:{TIME_LABELS})$", re.I)

# 《威海日报》记者 姜倩倩   文/张三   记者 张三 李四   (记者 王五 通讯员 赵六)
_PUBLICATION = re.compile(r"^[【\[]?《(?P<source>[^》]{1,40})》[】\]]?")
_PERSON_LABELS = AUTHOR_LABELS.replace("|文字|文", "").replace("Author|Writer|By|", "") + "|评论员"
_BYLINE = re.compile(
    rf"^[(（【\[]?\s*(?:(?P<label>{_PERSON_LABELS})\s*(?:[:：/|丨]\s*|\s+|(?=[\u4e00-\u9fff]))"
    r"|(?P<text_label>文字|文图|图文|撰文|文)\s*[:：/|丨]\s*)"
    r"(?P<names>[^/|丨【\[]+)"
)
_VALUE_END = re.compile(r"\s*(?:[/|丨【\[]|\(点击|（点击|$)")
_END_BRACKETS = "()（）【】[]<>《》 "
_NOT_A_SOURCE = {"本站", "本网", "原创", "本站原创", "本网原创", "网络", "互联网", "未知", "本会",
                 "本刊", "本报", "本院"}  # fmt: skip
# 澎湃新闻记者 李明 王芳, 每经记者 徐杰, 九派新闻记者 罗雅 实习生 张颖: the outlet, the reporters.
# In a trailing parenthesis too: (新华日报 作者 陈月飞 王静).
_OUTLET_BYLINE = re.compile(
    r"^[(（]?(?P<outlet>[\u4e00-\u9fffA-Za-z0-9]{2,16}?)\s?(?:首席|特约|见习|驻\S{1,4})?"
    r"(?:记者|通讯员|作者)\s*(?P<names>[\u4e00-\u9fff][\u4e00-\u9fff ·、]{1,40}?)[)）]?$"
)
_NOT_OUTLETS = ("本报", "本网", "本刊", "本台", "本站", "特约", "首席", "见习", "实习")
# WeChat: 以下文章来源于环境技术观察，作者李博 (the post is another account's).
_FROM_ACCOUNT = re.compile(
    r"^以下文章来源于(?P<source>[^，,\s]{2,24})[，,]\s*作者\s*(?P<author>[^，,。\s]{2,20})$"
)
_EDITION_WORDS = {"数字报", "电子版", "数字版", "电子报"}
_NAME_TOKEN = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_NOT_NAMES = {"编辑", "校对", "审核", "责编", "摄影", "记者", "作者", "通讯员", "实习生", "来源",
              "图片", "原创", "通讯", "本报", "新闻", "视频", "专题", "首页", "正文", "打印",
              "关闭", "分享"}  # fmt: skip

_SENTENCE_END = re.compile(r"[。！？!?;；]")

LEAD = re.compile(
    r"^[【\[]?(?P<lead>本(?:报|网|刊|站)讯"
    r"|据?[^\s,，。;；:：(（【\[]{2,30}?(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:电|讯|消息))[】\]]?"
)
_BRACKET_BYLINE = re.compile(
    rf"^\s*[(（]\s*(?P<label>{AUTHOR_LABELS}|实习生)\s*[:：]?\s*(?P<names>[^()（）]{{1,60}}?)\s*[)）]"
)


def parse_published(text):
    """Return the first date in text as ISO 8601: with +08:00 when a time is given, else a date."""
    for found in _DATE.finditer(text or ""):
        y, m, d = int(found["y"]), int(found["m"]), int(found["d"])
        try:
            day = date(y, m, d)
        except ValueError:
            continue
        if found["H"] is None:
            return day.isoformat()
        hour, minute, second = int(found["H"]), int(found["M"]), int(found["S"] or 0)
        try:
            moment = datetime(y, m, d, hour, minute, second)
        except ValueError:
            return day.isoformat()
        return moment.isoformat() + "+08:00"
    return None


def has_date(text):
    return parse_published(text) is not None


def is_date_line(text):
    """A line that is only a date (and maybe a time): 2018年3月8日, 2018-03-08 08:40."""
    if len(text) > 100:
        return False
    line = clean_line(text)
    found = _DATE.search(line)
    return bool(found) and len(compact(line)) - len(compact(found.group(0))) <= 2


def _starts_with_date(line):
    found = _DATE.match(line)
    return bool(found) and len(line) <= 80


def _trim_value(value):
    value = _VALUE_END.split(value, maxsplit=1)[0]
    return clean_line(value).strip(_END_BRACKETS + ",、;\uff0c\uff1b")


_CREDIT = re.compile(r"\s*(?:摄影?|供图|图|文|文/图|图/文|文图|图文)$")


def clean_names(value):
    value = _DATE.sub(" ", value)
    value = _trim_value(value)
    if re.search(r"\s(?:摄|摄影|供图)$", value):
        return ""  # a photo credit (记者 孙丽 摄): the photographer is not the author
    value = _CREDIT.sub("", value) if " " in value else value
    if not value or len(value) > 40 or _SENTENCE_END.search(value):
        return ""
    if re.fullmatch(r"[\u4e00-\u9fff] [\u4e00-\u9fff]{1,2}", value):
        value = value.replace(" ", "")  # 李　婕: one name spaced out to the width of two
    return value


def outlet_byline(line):
    """(source, names) from 新京报记者 赵雪 / 每经记者 徐杰, or None."""
    found = _OUTLET_BYLINE.match(simplified(clean_line(_DATE.sub(" ", line))))
    if not found or found["outlet"].startswith(_NOT_OUTLETS):
        return None
    names = clean_names(found["names"])
    source = outlet_prefix(found["outlet"])
    if not source and re.search(r"(?:新闻|日报|晚报|早报|时报|报|网|社|台)$", found["outlet"]):
        source = found["outlet"]
    return (source, names) if source and names else None


# 中国环保网2022年8月3日 10:20 作者:沈佳: a site's name glued to the date that opens a meta line.
_SITE_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9+]{2,16}(?:网|报|新闻|在线|客户端|社|台)$")


def site_before_date(line):
    """The site named just before the first date of a meta line, or ""."""
    text = clean_line(line)
    date = _DATE.search(text)
    if not date or len(text) > 120:
        return ""
    prefix = text[: date.start()].strip()
    return prefix if _SITE_NAME.match(prefix) or outlet_prefix(prefix) == prefix else ""


def account_line(line):
    """A WeChat or app header (原创 作者 账号 2023-06-18 08:30 发表于北京): {source, author,
    published}, or None."""
    text = clean_line(line)
    if len(text) > 80 or "。" in text or _LABEL.search(compact(text)):
        return None
    date = _DATE.search(text)
    if not date:
        return None
    tokens = [t for t in text[: date.start()].split(" ") if t]
    rest = compact(text[date.end() :])
    after = re.fullmatch(r"[|丨/·]([\u4e00-\u9fffA-Za-z]{2,16})", rest)
    if not tokens and after:  # 2021.09.10 | 华膜科技: the date, then who published it
        return {"source": clean_source(after[1]), "author": "", "published": parse_published(text)}
    if not tokens or len(tokens) > 3 or len(rest) > 12:
        return None
    if not all(len(t) <= 24 and re.fullmatch(r"[\w·.\-]+", t) for t in tokens):
        return None
    if _SENTENCE_END.search(text) or re.search(r"[,，、:：]", text[: date.start()]):
        return None
    if any(t in _NOT_NAMES - {"原创"} or t.endswith(("记者", "通讯员")) for t in tokens):
        return None
    original = tokens[0] == "原创"
    tokens = [t for t in tokens if t != "原创" and t not in _EDITION_WORDS]
    return {
        "source": clean_source(tokens[-1]) if tokens else "",
        "author": tokens[0] if original and len(tokens) == 2 else "",
        "published": parse_published(text),
    }


def names_line(text):
    """A bare line of person names under a title (周晓 何静), as they are written; else ""."""
    line = clean_line(text)
    tokens = [t for t in re.split(r"[ 、,，]", line) if t]
    if not 1 <= len(tokens) <= 5 or len(line) > 24:
        return ""
    if all(_NAME_TOKEN.match(t) and t not in _NOT_NAMES for t in tokens):
        return line
    return ""


def clean_source(value):
    value = _DATE.sub(" ", value)
    value = _trim_value(value).split(" ")[0].strip(_END_BRACKETS)
    if not value or len(value) > 40 or _SENTENCE_END.search(value) or value in _NOT_A_SOURCE:
        return ""
    return value


def _is_field(label):
    return bool(
        _SOURCE_LABEL.match(label) or _AUTHOR_LABEL.match(label) or _TIME_LABEL.match(label)
    )


def _author_title(label):
    if "记者" in label:
        return "记者"
    if label in ("通讯员", "评论员", "作者"):
        return label
    return "作者"


def looks_like_meta(text):
    """True for a line that carries source/author/time rather than article text."""
    if len(text) > 400:
        return False
    line = simplified(clean_line(text))
    if not line or len(line) > 200 or "。" in line:
        return False
    key = compact(line)
    if _PUBLICATION.match(key):
        rest = key[_PUBLICATION.match(key).end() :]
        return not rest or bool(_BYLINE.match(rest) or _LABEL.search(rest) or has_date(rest))
    labels = list(_LABEL.finditer(key))
    if labels and labels[0].start() <= 2 and any(_is_field(m["label"]) for m in labels):
        return True
    if is_date_line(line) or _starts_with_date(line):
        return True
    byline = _BYLINE.match(line)
    if byline and len(key) <= 40 and not re.search(r"[,、\uff0c]\s*\S{6,}", byline["names"]):
        return True
    shared = _FROM_ACCOUNT.match(key) or outlet_byline(line)
    return bool(shared or account_line(line) or site_before_date(line))


def extract_meta(lines):
    """Read source, author, author_title and published from the meta lines under the title."""
    found = {"source": "", "author": "", "author_title": "", "published": None, "from": {}}
    raw = ""

    def put(field, value):
        if value and not found[field]:
            found[field] = value
            if field != "author_title":
                found["from"][field] = raw  # the line it came from, for the editor

    for raw in lines:
        line = clean_line(raw).replace("：", ":")
        from_account = _FROM_ACCOUNT.match(compact(line))
        shared = (from_account["source"], from_account["author"]) if from_account else None
        shared = shared or outlet_byline(line)
        if shared:
            put("source", clean_source(shared[0]))
            put("author", shared[1])
            put("author_title", "作者" if from_account else "记者")
            put("published", parse_published(line))
            continue
        if account_line(line):
            continue  # a weak guess: extract_weak_meta() reads it after everything stated
        put("source", site_before_date(line))
        publication = _PUBLICATION.match(line)
        if publication:
            put("source", clean_source(publication["source"]))
            line = line[publication.end() :].lstrip()
        labels = list(_LABEL.finditer(simplified(line)))  # same positions in line
        head = line[: labels[0].start()].strip() if labels else line.strip()
        byline = _BYLINE.match(simplified(head))
        if byline:
            names = clean_names(head[byline.start("names") : byline.end("names")])
            if names:
                put("author", names)
                put("author_title", _author_title(byline["label"] or "作者"))
        for i, match in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(line)
            value, label = line[match.end() : end], match["label"]
            if _SOURCE_LABEL.match(label):
                put("source", clean_source(value))
            elif _AUTHOR_LABEL.match(label):
                names = clean_names(value)
                if names:
                    put("author", names)
                    put("author_title", _author_title(label))
            elif _TIME_LABEL.match(label):
                put("published", parse_published(value))
        # A date in a meta line without a time label is the publishing time.
        put("published", parse_published(line))
    return found


def extract_weak_meta(lines):
    """What account headers (公众号 2023-06-18) and bare name lines suggest, for empty fields."""
    found = {"source": "", "author": "", "published": None, "from": {}}
    for raw in lines:
        names = names_line(raw)
        guess = account_line(raw) or {
            "author": names,
            "published": None if names else parse_published(raw),
        }
        for key, value in guess.items():
            if value and not found[key]:
                found[key] = value
                found["from"][key] = raw
    return found


def is_source_line(text):
    """A labelled source line on its own, often at the end of a reprint: (来源:中国环境报)."""
    if len(text) > 200:
        return False
    key = compact(text).strip("()\uff08\uff09【】[]")
    match = _LABEL.match(key)
    return bool(match) and bool(_SOURCE_LABEL.match(match["label"])) and len(key) <= 50


def extract_lead(paragraph):
    """Return (lead attribution, author, author_title) from the start of the first paragraph."""
    text = clean_line(paragraph)
    lead = LEAD.match(simplified(text))
    rest = text[lead.end() :] if lead else text
    byline = _BRACKET_BYLINE.match(simplified(rest))
    author, title = "", ""
    if byline:
        author = clean_names(rest[byline.start("names") : byline.end("names")])
        title = _author_title(byline["label"]) if author else ""
    return (text[lead.start("lead") : lead.end("lead")] if lead else ""), author, title
