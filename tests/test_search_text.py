"""Normalising, segmenting and highlighting, without the database where possible."""

import pytest

from news.search.highlight import Highlighter
from news.search.text import normalise, parse_query, segment, to_simplified

pytestmark = pytest.mark.django_db  # the segmenter reads the industry dictionary


def test_normalise_folds_width_case_and_traditional_characters():
    assert normalise("ＭＢＲ與ＰＶＤＦ膜") == "mbr与pvdf膜"
    assert to_simplified("反滲透膜技術") == "反渗透膜技术"
    assert to_simplified("反渗透膜技术") == "反渗透膜技术"
    text = "反滲透ＭＢＲ㎡"
    assert len(normalise(text, keep_length=True)) == len(text)
    # A traditional character beyond the BMP is converted too (it takes the slower test).
    assert to_simplified("膜𠁞膜") == "膜𠀾膜"
    assert to_simplified("膜😀膜") == "膜😀膜"


def test_marks_are_placed_on_the_text_as_written():
    text = "采用ＭＢＲ，工艺……反滲透　mbr"
    snippet = Highlighter(parse_query("mbr 反渗透")).snippet(text)
    assert snippet == "采用<mark>ＭＢＲ</mark>，工艺……<mark>反滲透</mark>　<mark>mbr</mark>"


def test_segment_keeps_industry_words_and_drops_punctuation_and_stopwords():
    terms = segment("采用反渗透和超滤工艺,PM2.5达标!").split()
    assert {"反渗透", "超滤", "工艺", "pm2", "5"} <= set(terms)
    assert "和" not in terms and "," not in terms and "!" not in terms


def test_queries_ignore_operators_and_split_into_words():
    query = parse_query('"反渗透" OR 超滤* -膜 NEAR(a) title_terms:x')
    words = ["反渗透", "or", "超滤", "膜", "near", "a", "title", "terms"]
    assert [w.text for w in query.words] == words  # x is a ninth word: dropped, and said so
    assert query.truncated
    assert not parse_query("!!! ……") and not parse_query("的")


def test_long_words_also_match_through_their_pieces():
    (word,) = parse_query("膜技术").words
    assert word.parts == ((("膜技术",), ("膜", "技术")),)
    (word,) = parse_query("协会").words
    assert word.parts == ((("协会",),),)  # two characters are never split


def test_snippet_shows_the_part_with_most_query_words_and_escapes():
    text = "开头" * 100 + "<b>威海</b>" + "中间" * 100 + "威海创新园建设" + "结尾" * 100
    snippet = Highlighter(parse_query("威海 创新园")).snippet(text)
    assert "<mark>威海</mark><mark>创新园</mark>建设" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<b>" not in Highlighter(parse_query("威海")).snippet("&<b>威海</b>")
    assert Highlighter(parse_query("反滲透")).title("反渗透膜") == "<mark>反渗透</mark>膜"
