"""Each field says where it came from, and fields the parser only guessed are marked 请核对."""

from news.reprint import parse_reprint
from news.reprint.parser import PAGE_TAGS

BODY = "5月5日，协会召开理事会，部署今年重点工作，要求加快团体标准制定和人才培训。"


def test_stated_fields_name_their_line_and_are_sure():
    meta = "来源：中国水网　作者：王丽　发布时间：2019-06-12 10:05"
    parsed = parse_reprint(f"首页 > 新闻\n宁夏矿井水回用工程通水\n{meta}\n{BODY}")
    assert parsed.origins == {"title": "宁夏矿井水回用工程通水", "source": meta.replace("　", " "),
                              "author": meta.replace("　", " "), "published": meta.replace("　", " ")}  # fmt: skip
    assert parsed.unsure == []


def test_guessed_fields_are_unsure():
    parsed = parse_reprint(f"净水圈\n净水圈 2022-05-20 21:00\n滤芯多久换一次？\n周晓 何静\n{BODY}")
    assert (parsed.title, parsed.source, parsed.author) == (
        "滤芯多久换一次？",
        "净水圈",
        "周晓 何静",
    )
    assert sorted(parsed.unsure) == ["author", "published", "source"]
    assert parsed.origins["source"] == "净水圈 2022-05-20 21:00"
    assert parsed.origins["author"] == "周晓 何静"


def test_fields_from_the_page_markup_say_so():
    html = (
        '<html><head><meta name="author" content="韩冰"><title>膜技术走进县城水厂</title></head>'
        f"<body><div>{BODY}</div></body></html>"
    )
    parsed = parse_reprint(html)
    assert parsed.title == "膜技术走进县城水厂" and "title" in parsed.unsure
    assert parsed.origins["title"] == PAGE_TAGS and parsed.origins["author"] == PAGE_TAGS
