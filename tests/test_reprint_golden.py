"""The association's own example page (a 《威海日报》 reprint) is the first golden test."""

from pathlib import Path

from news.reprint import parse_reprint
from news.sanitize import clean_html

from .reprint_helpers import EXAMPLE

DEMO_BODY = Path(__file__).parent.parent / "news" / "demo" / "weihai-daily-2018-03-08.html"
CHROME = ["欢迎访问", "热门标签", "水利行业", "最大反渗透式", "协会动态", "Association Dynamic",
          "《威海日报》记者", "时间:"]  # fmt: skip


def parsed_example():
    return parse_reprint(EXAMPLE.read_bytes(), filename=EXAMPLE.name)


def test_fields_of_the_example_page():
    parsed = parsed_example()
    assert parsed.title == "中欧水处理及膜技术创新产业园建设工作领导小组成立"
    assert parsed.source == "威海日报"
    assert parsed.author == "姜倩倩"
    assert parsed.author_title == "记者"
    assert parsed.published == "2018-03-08T08:40:27+08:00"
    assert parsed.lead_attribution == "据威海新闻网2018年3月5日讯"


def test_three_headings_each_with_a_sub_heading():
    parsed = parsed_example()
    assert parsed.headings == [
        "产城融合", "推进羊亭与市区一体化", "创新驱动", "集全区之力打造威海创新园",
        "多管齐下", "增强新旧动能转换主动力",
    ]  # fmt: skip
    assert [i.tag for i in parsed.items if i.tag != "p"] == ["h2", "h3"] * 3
    assert "<h2>产城融合</h2>\n<h3>推进羊亭与市区一体化</h3>" in parsed.body_html


def test_paragraphs_from_lead_to_last_line_and_no_chrome():
    parsed = parsed_example()
    assert parsed.paragraphs[0].startswith("据威海新闻网2018年3月5日讯 区域发展综合实力提升")
    assert parsed.paragraphs[-1].endswith("努力在全市新旧动能转换中走在前列。")
    assert len(parsed.paragraphs) == 19
    for line in [*parsed.paragraphs, *parsed.headings]:
        assert not any(chrome in line for chrome in CHROME), line


def test_body_matches_the_demo_article():
    assert parsed_example().body_html == clean_html(DEMO_BODY.read_text("utf-8"))


def test_the_same_page_pasted_as_text_or_gbk_bytes_gives_the_same_result():
    text = EXAMPLE.read_text("utf-8")
    from_text = parse_reprint(text)
    from_gbk = parse_reprint(text.replace("\xa0", " ").encode("gbk"))
    assert from_text.as_dict() == parsed_example().as_dict()
    assert from_gbk.title == from_text.title and from_gbk.paragraphs == from_text.paragraphs
