"""WeChat article pages (mp.weixin.qq.com/s/…): fields from the markup and script variables."""

from types import SimpleNamespace

import pytest

from news.reprint import parse_reprint
from news.reprint.htmlsource import read_html

from .reprint_helpers import FIXTURES, field_results, fixture_cases

PAGES = FIXTURES / "wechat-page"
CASES = fixture_cases(PAGES)


@pytest.mark.parametrize("path,expected", CASES, ids=lambda c: getattr(c, "name", ""))
def test_fields(path, expected):
    parsed = parse_reprint(path.read_bytes(), filename=path.name)
    assert all(field_results(parsed, expected).values()), parsed.as_dict()


def test_body_is_js_content_with_images_from_data_src_and_hidden_text_dropped():
    parsed = parse_reprint((PAGES / "wx-2.html").read_bytes(), filename="wx-2.html")
    assert [i.tag for i in parsed.items] == ["p", "img", "p", "p"]
    assert '<img src="https://mmbiz.qpic.cn/mmbiz_png/XyZ987/640?wx_fmt=png"' in parsed.body_html
    assert "隐藏的编辑备注" not in parsed.body_html


def test_page_tools_outside_the_article_are_not_read_and_bold_lines_are_headings():
    parsed = parse_reprint((PAGES / "wx-1.html").read_bytes(), filename="wx-1.html")
    assert parsed.headings == ["核心差距在一致性"]
    text = "\n".join(parsed.paragraphs)
    for chrome in ("阅读原文", "3562", "微信扫一扫", "王敏\n"):
        assert chrome not in text
    assert "data:image/gif" not in parsed.body_html
    assert parsed.original_url.startswith("http://mp.weixin.qq.com/s?__biz=")


def test_a_fetched_wechat_page_gives_the_same_draft():
    data = (PAGES / "wx-1.html").read_bytes()
    page = SimpleNamespace(
        url="https://mp.weixin.qq.com/s/AbCdEf", content=data, content_type="text/html",
        charset="utf-8",
    )  # fmt: skip
    fetched = parse_reprint(page)
    assert fetched.as_dict() == parse_reprint(data, filename="wx-1.html").as_dict()


def test_script_variables_alone_give_account_and_time():
    html = (
        "<html><body><h1>膜企业开放日活动举行</h1><div id='js_content' style='visibility:hidden'>"
        "<p>5月20日，多家膜企业举办开放日活动，邀请市民走进生产车间。</p></div>"
        '<script>var nickname = htmlDecode("膜友圈"); var ct = "1684566000";</script></body></html>'
    )
    parsed = parse_reprint(html)
    assert (parsed.title, parsed.source) == ("膜企业开放日活动举行", "膜友圈")
    assert parsed.published == "2023-05-20T15:00:00+08:00"
    assert parsed.paragraphs == ["5月20日，多家膜企业举办开放日活动，邀请市民走进生产车间。"]


def test_other_pages_are_not_read_as_wechat():
    doc = read_html(
        "<html><body><h1>标题</h1><p>正文。</p><script>var ct = '1';</script></body></html>"
    )
    assert "published" not in doc.meta and [b.text for b in doc.blocks] == ["标题", "正文。"]
