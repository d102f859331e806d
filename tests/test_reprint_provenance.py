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


PAGE = (
    f"首页 > 新闻\n推进膜产业高质量发展\n宁夏矿井水回用工程通水\n来源：中国水网 2019-06-12\n{BODY}"
)


def test_lines_and_the_index_each_field_came_from():
    parsed = parse_reprint(PAGE)
    assert parsed.lines[2] == "宁夏矿井水回用工程通水" and parsed.kinds[3] == "meta"
    assert parsed.origin_lines == {"title": 2, "source": 3, "published": 3}


def test_an_editor_chooses_the_title_line():
    parsed = parse_reprint(PAGE, choose={"title": 1})
    assert (parsed.title, parsed.source, parsed.published) == (
        "推进膜产业高质量发展",
        "中国水网",
        "2019-06-12",
    )
    assert parsed.origin_lines["title"] == 1 and parsed.paragraphs == [BODY]


def test_a_line_of_the_text_chosen_as_title_leaves_the_text():
    text = f"{PAGE}\n会议要求\n{BODY}"
    parsed = parse_reprint(text, choose={"title": 5})
    assert parsed.title == "会议要求" and parsed.paragraphs == [BODY, BODY]


def test_the_title_line_chosen_as_source_gives_another_title():
    parsed = parse_reprint(PAGE, choose={"source": 2})
    assert parsed.source == "宁夏矿井水回用工程通水" and parsed.title == "推进膜产业高质量发展"
    assert parsed.origins["source"] == "宁夏矿井水回用工程通水" and "source" not in parsed.unsure


def test_a_chosen_author_line_is_read_as_a_byline():
    text = f"滤芯多久换一次？\n文/周晓 何静\n净水圈 2022-05-20\n{BODY}"
    parsed = parse_reprint(text, choose={"author": 2})
    assert parsed.author == "净水圈"  # no byline in it: the line without its date
    parsed = parse_reprint(text, choose={"author": 1, "title": 99})
    assert (parsed.author, parsed.title) == ("周晓 何静", "滤芯多久换一次？")  # 99: no such line
