"""Each fixture in tests/fixtures/reprint is a page layout, with its expected fields beside it."""

import json
from pathlib import Path

import pytest

from news.reprint import parse_reprint
from news.sanitize import html_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "reprint"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html") and
               p.with_suffix(".expected.json").exists())  # fmt: skip


def test_there_are_at_least_ten_layouts_besides_the_example():
    assert len([c for c in CASES if not c.name.startswith("weihai")]) >= 10


@pytest.mark.parametrize("path", CASES, ids=[c.name for c in CASES])
def test_fixture_fields(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    parsed = parse_reprint(path.read_bytes(), filename=path.name)

    for name in ("title", "source", "author", "published", "lead_attribution", "headings"):
        assert getattr(parsed, name) == expected[name], name
    assert len(parsed.paragraphs) == expected["paragraph_count"], parsed.paragraphs
    assert parsed.paragraphs[0].startswith(expected["first_paragraph_starts"])
    assert parsed.paragraphs[-1].endswith(expected["last_paragraph_ends"])
    if "heading_tags" in expected:
        tags = [item.tag for item in parsed.items if item.tag.startswith("h")]
        assert tags == expected["heading_tags"]
    if "original_url" in expected:
        assert parsed.original_url == expected["original_url"]

    visible = "\n".join([*parsed.paragraphs, *parsed.headings, html_to_text(parsed.body_html)])
    for chrome in expected["absent"]:
        assert chrome not in visible, chrome
    for piece in expected.get("body_html_contains", []):
        assert piece in parsed.body_html, piece
    for piece in expected.get("body_html_absent", []):
        assert piece not in parsed.body_html, piece
    # Every paragraph and heading is in the body HTML, in order.
    text = html_to_text(parsed.body_html)
    position = 0
    for item in parsed.items:
        if item.tag != "img":
            position = text.index(item.text, position)


def test_page_tools_between_the_title_and_its_meta_line():
    body = "5月5日，协会召开理事会，部署今年重点工作，要求加快团体标准制定和人才培训。"
    parsed = parse_reprint(
        f"水业快讯\n行业要闻\n膜产业规模突破三千亿元\n【字体：大 中 小】【打印】\n"
        f"来源：中国膜网 2023-05-06\n{body}"
    )
    assert (parsed.title, parsed.source, parsed.published) == (
        "膜产业规模突破三千亿元", "中国膜网", "2023-05-06",
    )  # fmt: skip
    assert parsed.paragraphs == [body]
