"""Which short lines of plain text become sub-headings, and which stay paragraphs."""

from news.reprint import parse_reprint

SENTENCE = "会议确定了今年的五项重点工作,包括标准制定、人才培训、国际交流等方面。"


def tags(text):
    parsed = parse_reprint(text)
    return [(item.tag, item.text) for item in parsed.items]


def test_numbered_headings_before_short_paragraphs():
    result = tags(f"协会召开会员大会\n{SENTENCE}\n一、关于理事会换届\n会议选举产生了新一届理事会。\n"
                  f"二、关于年度工作安排\n{SENTENCE}")  # fmt: skip
    assert [t for t, _ in result] == ["p", "h2", "p", "h2", "p"]


def test_a_heading_and_its_sub_heading():
    result = tags(f"标题\n{SENTENCE}\n产城融合\n推进羊亭与市区一体化\n{SENTENCE}")
    assert result[1:3] == [("h2", "产城融合"), ("h3", "推进羊亭与市区一体化")]


def test_signature_caption_list_and_colon_lines_stay_paragraphs():
    text = (
        f"关于举办培训班的通知\n各会员单位:\n{SENTENCE}\n图为上届培训班现场\n{SENTENCE}\n"
        f"培训内容\n膜材料基础\n系统设计\n运行管理\n{SENTENCE}\n中国膜工业协会\n2020年7月3日"
    )
    assert all(tag == "p" for tag, _ in tags(text))


def test_meta_line_above_the_title():
    parsed = parse_reprint(
        f"首页 > 新闻\n2023-05-06 09:12 来源：新华网\n我国膜产业规模突破三千亿元\n{SENTENCE}"
    )
    assert parsed.title == "我国膜产业规模突破三千亿元"
    assert (parsed.source, parsed.published) == ("新华网", "2023-05-06T09:12:00+08:00")
    assert parsed.paragraphs == [SENTENCE]
