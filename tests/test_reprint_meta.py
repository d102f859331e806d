"""Meta lines, dates, bylines and lead attributions in the layouts Chinese news pages use."""

import pytest

from news.reprint import parse_reprint
from news.reprint.meta import extract_lead, extract_meta, parse_published

BODY = "环翠区召开膜产业发展推进会,部署今年重点工作。会议要求加快项目建设,推动产业集聚发展。"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2018-03-08 08:40:27", "2018-03-08T08:40:27+08:00"),
        ("2018-03-08 08:40", "2018-03-08T08:40:00+08:00"),
        ("2018年3月8日", "2018-03-08"),
        ("2018年03月08日 08:40", "2018-03-08T08:40:00+08:00"),
        ("2018年3月8日08时40分", "2018-03-08T08:40:00+08:00"),
        ("2018/3/8 8:43", "2018-03-08T08:43:00+08:00"),
        ("2018.03.08", "2018-03-08"),
        ("2018-3-8", "2018-03-08"),
        ("2018-03-08T08:40:27+08:00", "2018-03-08T08:40:27+08:00"),
        ("2018-02-30", None),  # no such day
        ("2018-03-08 25:61", "2018-03-08"),  # an impossible time keeps the date
        ("电话 010-2018-0308", None),
        ("", None),
    ],
)
def test_dates(text, expected):
    assert parse_published(text) == expected


@pytest.mark.parametrize(
    "line,source,author,published",
    [
        ("《威海日报》记者 姜倩倩 / 时间:2018-03-08 08:40:27", "威海日报", "姜倩倩",
         "2018-03-08T08:40:27+08:00"),
        ("来源:中国水网 作者:张三 李四 发布时间:2019-06-12 10:05", "中国水网", "张三 李四",
         "2019-06-12T10:05:00+08:00"),
        ("发布日期:2018年3月8日 来源:《中国环境报》", "中国环境报", "", "2018-03-08"),
        ("时间:2018/3/8 8:43 来源:膜世界 作者:张三、李四", "膜世界", "张三、李四",
         "2018-03-08T08:43:00+08:00"),
        ("时间 : 2018.03.08   来源 : 膜世界", "膜世界", "", "2018-03-08"),
        ("作者:郑文 来源:本站 点击数:35", "", "郑文", None),
        ("来源:新华网 | 2019年11月5日 16:20 | 编辑:周敏", "新华网", "",
         "2019-11-05T16:20:00+08:00"),
        ("记者 王五 通讯员 赵六", "", "王五 通讯员 赵六", None),
        ("文|孙悦", "", "孙悦", None),
    ],
)  # fmt: skip
def test_meta_lines(line, source, author, published):
    found = extract_meta([line])
    assert (found["source"], found["author"], found["published"]) == (source, author, published)


@pytest.mark.parametrize(
    "paragraph,lead,author",
    [
        ("据威海新闻网2018年3月5日讯 区域发展综合实力提升。", "据威海新闻网2018年3月5日讯", ""),
        ("新华社北京3月5日电(记者 张三 李四)政府工作报告提出。", "新华社北京3月5日电", "张三 李四"),
        ("本报讯(记者 王五 通讯员 赵六)5月18日,项目投产。", "本报讯", "王五 通讯员 赵六"),
        ("中新网上海3月5日电 记者从会上获悉。", "中新网上海3月5日电", ""),
        ("【本报讯】近日,协会召开会议。", "本报讯", ""),
        ("据公司总经理刘波介绍,生产线已投用。", "", ""),
        ("3月5日,协会召开理事会。", "", ""),
    ],
)
def test_lead_attributions(paragraph, lead, author):
    assert extract_lead(paragraph)[:2] == (lead, author)


def test_full_width_and_half_width_colons_and_spaces_give_the_same_fields():
    half = parse_reprint(f"膜产业推进会召开\n来源:环翠区政府网 作者:刘洋 时间:2020-05-06\n{BODY}")
    full = parse_reprint(
        f"膜产业推进会召开\n来源： 环翠区政府网　作者： 刘洋　时间： 2020-05-06\n{BODY}"
    )
    assert half.as_dict() == full.as_dict()
    assert (full.source, full.author, full.published) == ("环翠区政府网", "刘洋", "2020-05-06")


def test_absent_fields_stay_empty_and_the_source_is_never_taken_from_the_body():
    parsed = parse_reprint(f"膜产业推进会召开\n据人民网2020年5月6日讯 {BODY}")
    assert parsed.lead_attribution == "据人民网2020年5月6日讯"
    assert (parsed.source, parsed.author, parsed.published) == ("", "", None)


def test_a_source_line_at_the_end_of_the_text_is_used_and_removed():
    parsed = parse_reprint(f"膜产业推进会召开\n{BODY}\n(来源:环翠区政府网)")
    assert parsed.source == "环翠区政府网"
    assert parsed.paragraphs == [BODY]
