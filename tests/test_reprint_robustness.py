"""Whatever an editor pastes or uploads, the parser answers with a draft or a clear message."""

import os
import random
import time

import pytest

from news.reprint import ReprintError, parse_reprint

from .reprint_helpers import EXAMPLE

CHROME_ONLY = """欢迎访问中国膜工业协会官方网站!
热门标签:
首页 | 协会概况 | 协会动态 | 行业资讯 | 通知公告 | 联系我们
当前位置:首页 > 协会动态
字体:【大 中 小】 浏览次数:12
上一篇:没有了
下一篇:没有了
版权所有 © 中国膜工业协会 京ICP备00000000号
"""


@pytest.mark.parametrize("content", ["", "   \n\t\u3000\n", b"", b"\n\n  \n"])
def test_empty_input(content):
    with pytest.raises(ReprintError, match="空"):
        parse_reprint(content)


@pytest.mark.parametrize(
    "content", [CHROME_ONLY, f"<html><body><p>{CHROME_ONLY}</p></body></html>"]
)
def test_only_chrome(content):
    with pytest.raises(ReprintError, match="只有网站导航"):
        parse_reprint(content)


@pytest.mark.parametrize("name", ["garbage.txt", "garbage.html", "garbage", "garbage.docx"])
def test_binary_garbage(name):
    data = random.Random(4).randbytes(64 * 1024)
    with pytest.raises(ReprintError) as caught:
        parse_reprint(data, filename=name)
    assert "无法识别" in str(caught.value) or "已损坏" in str(caught.value)


def test_garbage_pasted_as_text():
    with pytest.raises(ReprintError, match="无法识别"):
        parse_reprint("".join(chr(c) for c in range(0, 32)) * 100)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"%PDF-1.7\n" + os.urandom(100), "PDF"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(100), "图片"),
    ],
)
def test_other_file_types_are_named(data, message):
    with pytest.raises(ReprintError, match=message):
        parse_reprint(data, filename="upload.bin")


def test_a_two_megabyte_paste_gives_a_draft():
    page = EXAMPLE.read_text("utf-8")
    body = page.split("\n", 8)[-1]
    content = page + body * (2 * 1024 * 1024 // len(body.encode("utf-8")) + 1)
    assert len(content.encode("utf-8")) > 2 * 1024 * 1024
    parsed = parse_reprint(content)
    assert parsed.title == "中欧水处理及膜技术创新产业园建设工作领导小组成立"
    assert len(parsed.paragraphs) > 1000


def test_a_two_megabyte_line_without_breaks():
    parsed = parse_reprint("标题\n" + "膜" * (2 * 1024 * 1024) + "。")
    assert parsed.title == "标题" and len(parsed.paragraphs[0]) == 2 * 1024 * 1024 + 1


def test_too_large_input_is_refused():
    with pytest.raises(ReprintError, match="太大"):
        parse_reprint(b"a" * (20 * 1024 * 1024 + 1))


def test_unclosed_and_malformed_html():
    parsed = parse_reprint(
        "<html><body><h1>推进会召开<p>会议部署今年重点工作,要求加快项目建设。<div><span><b>未闭合"
        "<table><tr><td>单元格文字,内容完整。</p></p></div></body>"
    )
    assert parsed.title == "推进会召开"
    assert "会议部署今年重点工作,要求加快项目建设。" in parsed.paragraphs


def test_no_title_gives_a_draft_with_a_note():
    parsed = parse_reprint(
        "会议部署今年重点工作,要求加快项目建设,推动产业集聚发展,各部门要密切配合。"
    )
    assert parsed.title == "" and any("标题" in note for note in parsed.notes)


@pytest.mark.parametrize(
    "text",
    [
        "<div class='t'>推进会召开</div>\n<div>来源：膜世界 2023-05-06</div>\n<p>{body}</p>\n<p>{body}</p>",
        "<script>\nvar _hmt = _hmt || [];\n(function() {{ }})();\n</script>\n推进会召开\n来源：膜世界 2023-05-06\n{body}",
    ],
    ids=["html-fragment", "script-lines"],
)
def test_markup_and_scripts_in_a_txt_file_are_never_the_title(text):
    body = "会议部署今年重点工作,要求加快项目建设,推动产业集聚发展。"
    parsed = parse_reprint(text.format(body=body).encode(), filename="page.txt")
    assert (parsed.title, parsed.source, parsed.published) == ("推进会召开", "膜世界", "2023-05-06")
    assert parsed.paragraphs[0] == body and "<" not in "".join(parsed.paragraphs)


def test_a_hostile_megabyte_parses_in_linear_time():
    # Both parts were quadratic: every unclosed "<![if" rescanned the rest of the page, and every
    # page tool after a run of pictures asked all the pictures again (minutes, not seconds).
    pictures = "<p><img src='a.png'></p><p>打印</p>" * 15_000
    html = f"<html><body>{pictures}<h1>推进会召开</h1><p>会议部署今年重点工作。</p>"
    html += "<![if x " * 64_000 + "</body></html>"
    assert len(html.encode("utf-8")) > 1024 * 1024
    started = time.process_time()
    parsed = parse_reprint(html)
    assert time.process_time() - started < 4  # about 0.5 s here; 2 MB of plain lines take ~2 s
    assert "会议部署今年重点工作。" in parsed.paragraphs
