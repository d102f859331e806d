"""Word files: heading styles, bold lines, line breaks, tables and pictures."""

import pytest

from news.reprint import ReprintError, parse_reprint
from news.reprint.images import localise_images

from .reprint_helpers import image_bytes, make_docx

pytestmark = pytest.mark.django_db


def member_report():
    return make_docx(
        [
            ("Title", "蓝海膜科技与高校共建膜材料联合实验室"),
            "来源:蓝海膜科技  作者:何静  发布时间:2022年4月15日 09:30",
            "本网讯 4月13日,蓝海膜科技与某理工大学签署协议,双方将共建膜材料联合实验室,"
            "围绕高性能分离膜开展联合攻关。",
            ("Heading 1", "聚焦高性能膜材料"),
            "实验室将重点研究耐氯反渗透膜和耐溶剂纳滤膜,企业提供中试条件,高校负责基础研究。",
            ("image", image_bytes("PNG", (900, 500))),
            ("Heading 1", "人才培养与成果转化"),
            ("Heading 2", "设立研究生实践基地"),
            "双方还将在企业设立研究生实践基地,每年接收二十名研究生参与工程项目。",
            ("table", [["合作年限", "五年"], ["首期投入", "一千万元"]]),
        ]
    )


def test_styled_word_file():
    parsed = parse_reprint(member_report(), filename="实验室.docx")
    assert parsed.kind == "docx"
    assert parsed.title == "蓝海膜科技与高校共建膜材料联合实验室"
    assert (parsed.source, parsed.author) == ("蓝海膜科技", "何静")
    assert parsed.author_title == "作者"
    assert parsed.published == "2022-04-15T09:30:00+08:00"
    assert parsed.lead_attribution == "本网讯"
    assert parsed.headings == ["聚焦高性能膜材料", "人才培养与成果转化", "设立研究生实践基地"]
    assert [i.tag for i in parsed.items if i.tag.startswith("h")] == ["h2", "h2", "h3"]
    assert parsed.paragraphs[0].startswith("本网讯 4月13日")
    assert parsed.paragraphs[-4:] == ["合作年限", "五年", "首期投入", "一千万元"]
    assert "<h3>设立研究生实践基地</h3>" in parsed.body_html


def test_word_picture_is_saved_into_media_and_scaled(settings):
    settings.REPRINT_IMAGE_MAX_SIDE = 600
    parsed = localise_images(parse_reprint(member_report(), filename="a.docx"))
    images = [i for i in parsed.items if i.tag == "img"]
    assert len(images) == 1 and images[0].image_src.startswith("/media/reprint/")
    assert f'<img src="{images[0].image_src}"' in parsed.body_html
    saved = settings.MEDIA_ROOT / images[0].image_src.removeprefix("/media/")
    from PIL import Image

    assert Image.open(saved).size == (600, 333)
    assert parsed.notes == []


def test_unstyled_word_file_with_bold_headings_and_line_breaks():
    data = make_docx(
        [
            ("bold", "膜行业年度人物:坚守车间二十年的老技师"),
            "文/孙悦",
            "走进车间,王师傅正在检查一批刚下线的中空纤维膜组件。二十年来,他经手的膜组件超过十万支。",
            ("bold", "从学徒到技师"),
            ("break", ["刚进厂时,他只是一名普通学徒。", "为了练好灌封手艺,他常常在车间待到深夜。"]),
            ("bold", "把经验传给年轻人"),
            "如今,王师傅带出的徒弟已有三十多人,不少人成了车间的技术骨干。",
        ]
    )
    parsed = parse_reprint(data, filename="人物.docx")
    assert parsed.title == "膜行业年度人物:坚守车间二十年的老技师"
    assert (parsed.author, parsed.source, parsed.published) == ("孙悦", "", None)
    assert parsed.headings == ["从学徒到技师", "把经验传给年轻人"]
    assert parsed.paragraphs[1:3] == [
        "刚进厂时,他只是一名普通学徒。",
        "为了练好灌封手艺,他常常在车间待到深夜。",
    ]
    assert len(parsed.paragraphs) == 4


@pytest.mark.parametrize(
    "data,message",
    [
        (b"PK\x03\x04" + b"\x00" * 200, "已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "旧版 Word"),
    ],
)
def test_broken_or_old_word_files_get_a_clear_message(data, message):
    with pytest.raises(ReprintError, match=message):
        parse_reprint(data, filename="坏文件.docx")


def test_truncated_word_file():
    data = member_report()
    with pytest.raises(ReprintError, match="已损坏"):
        parse_reprint(data[: len(data) // 2], filename="半个.docx")


def test_a_zip_that_is_not_a_word_file():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReprintError, match="不是 Word"):
        parse_reprint(out.getvalue(), filename="x.docx")
