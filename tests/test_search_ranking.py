"""Search ranking rules; the suite runs on SQLite and on PostgreSQL, with the same expectations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article
from news.search.engine import search

from .factories import make_article, make_section
from .search_helpers import FILLER, body, titles

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(n):
    return NOW - timedelta(days=n)


def test_title_match_ranks_above_body_then_frequency_then_newer():
    section = make_section()
    make_article(section, title="通知公告一则", body=body(FILLER), published_at=days_ago(1))
    make_article(
        section,
        title="乙",
        body=body("反渗透工艺", "反渗透设备", "反渗透能耗"),
        published_at=days_ago(5),
    )
    make_article(
        section, title="丙", body=body("采用反渗透工艺。", FILLER), published_at=days_ago(3)
    )
    make_article(
        section, title="丁", body=body("采用反渗透工艺。", FILLER), published_at=days_ago(4)
    )
    make_article(section, title="反渗透技术交流会召开", body=body(FILLER), published_at=days_ago(9))
    assert titles("反渗透") == ["反渗透技术交流会召开", "乙", "丙", "丁"]


def test_more_matching_words_rank_higher_and_title_breaks_ties():
    section = make_section()
    make_article(
        section, title="只有一个词在标题:威海", body=body(FILLER), published_at=days_ago(1)
    )
    make_article(
        section, title="两个词都在正文", body=body("威海市的创新园开园。"), published_at=days_ago(8)
    )
    make_article(section, title="威海创新园开园", body=body(FILLER), published_at=days_ago(9))
    make_article(section, title="无关", body=body(FILLER), published_at=days_ago(2))
    assert titles("威海 创新园") == ["威海创新园开园", "两个词都在正文", "只有一个词在标题:威海"]


def test_among_equal_articles_newer_comes_first():
    section = make_section()
    for n in (3, 1, 2):
        make_article(section, title=f"第{n}天", body=body("膜法水处理。"), published_at=days_ago(n))
    assert titles("膜法") == ["第1天", "第2天", "第3天"]


def test_two_character_latin_mixed_and_full_width_queries():
    section = make_section()
    make_article(section, title="协会年会", body=body(FILLER))
    make_article(
        section, title="某厂采用MBR工艺", body=body("PVDF中空纤维膜性能稳定,PVDF膜寿命长。")
    )
    make_article(section, title="妥协会议", body=body(FILLER))  # 妥协/会议, not 协会
    assert titles("协会") == ["协会年会"]
    assert titles("MBR") == titles("mbr") == titles("ＭＢＲ") == ["某厂采用MBR工艺"]
    assert titles("PVDF 中空纤维膜") == ["某厂采用MBR工艺"]
    assert titles("pvdf膜") == ["某厂采用MBR工艺"]


def test_traditional_characters_find_simplified_text_and_back():
    section = make_section()
    make_article(section, title="反渗透膜技术研讨会", body=body(FILLER))
    make_article(section, title="臺灣海水淡化廠啟用", body=body("採用逆滲透技術。"))
    assert titles("反滲透膜技術") == ["反渗透膜技术研讨会"]
    assert titles("台湾 海水淡化") == ["臺灣海水淡化廠啟用"]


def test_word_cut_differently_in_context_is_still_found():
    section = make_section()
    # jieba cuts 及膜技术创新 as 及 / 膜 / 技术创新: no 膜技术 token in the article.
    make_article(section, title="中欧水处理及膜技术创新产业园成立", body=body(FILLER))
    make_article(section, title="膜技术是关键", body=body(FILLER), published_at=days_ago(30))
    assert sorted(titles("膜技术")) == ["中欧水处理及膜技术创新产业园成立", "膜技术是关键"]
    assert titles("创新园") == []  # 创新产业园 is not 创新园


def test_only_public_articles_are_found():
    section = make_section()
    make_article(section, title="公开的纳滤文章")
    make_article(section, title="草稿纳滤文章", status=Article.Status.DRAFT)
    make_article(section, title="撤下的纳滤文章", status=Article.Status.WITHDRAWN)
    make_article(section, title="定时的纳滤文章", published_at=NOW + timedelta(hours=2))
    assert titles("纳滤") == ["公开的纳滤文章"]


def test_too_many_matches_list_title_matches_then_newest(settings):
    section = make_section()
    make_article(section, title="标题超滤", body=body(FILLER), published_at=days_ago(9))
    make_article(
        section, title="多次", body=body("超滤。超滤。超滤。超滤。"), published_at=days_ago(20)
    )
    make_article(section, title="一次", body=body("超滤。", FILLER), published_at=days_ago(1))
    make_article(section, title="又一次", body=body("超滤。", FILLER), published_at=days_ago(2))
    assert titles("超滤") == ["标题超滤", "多次", "一次", "又一次"]
    settings.SEARCH_MAX_RESULTS = 3
    results = search("超滤")
    assert results.count() == 3 and results.more
    # Too many: title first, then newest; 多次 (more mentions, but oldest) is left out.
    assert [a.title for a in results[0:3]] == ["标题超滤", "一次", "又一次"]
    assert [a.title for a in search("超滤", by_date=True)[0:3]] == ["一次", "又一次", "标题超滤"]


def test_filters_by_section_and_date_and_sort_by_date():
    a, b = make_section(), make_section()
    make_article(a, title="纳滤标题旧", published_at=days_ago(10))
    make_article(a, title="新", body=body("纳滤。"), published_at=days_ago(1))
    make_article(b, title="别的栏目纳滤", published_at=days_ago(2))
    assert titles("纳滤", section_id=a.pk) == ["纳滤标题旧", "新"]
    assert titles("纳滤", by_date=True) == ["新", "别的栏目纳滤", "纳滤标题旧"]
    assert titles("纳滤", start=days_ago(3), end=NOW) == ["别的栏目纳滤", "新"]


def test_too_many_matches_still_put_articles_with_every_word_first(settings):
    settings.SEARCH_MAX_RESULTS = 2
    section = make_section()
    make_article(
        section, title="两个词都有", body=body("威海的创新园。"), published_at=days_ago(30)
    )
    for n in range(4):
        make_article(section, title=f"只有威海{n}", body=body(FILLER), published_at=days_ago(n))
    assert titles("威海 创新园") == ["两个词都有", "只有威海0"]


def test_too_many_matches_count_every_word_also_outside_the_newest(settings):
    settings.SEARCH_MAX_RESULTS = 2
    section = make_section()
    for n, title in enumerate(["甲", "乙"], start=1):
        make_article(section, title=title, body=body("威海的创新园。"), published_at=days_ago(n))
    # Older than the newest two holding both words, found through its title: still both words.
    make_article(section, title="威海创新园", body=body(FILLER), published_at=days_ago(30))
    make_article(section, title="只有威海", body=body(FILLER), published_at=days_ago(3))
    assert titles("威海 创新园") == ["威海创新园", "甲"]


def test_a_page_past_the_end_is_empty():
    make_article(make_section(), title="纳滤", published_at=days_ago(1))
    results = search("纳滤")
    assert results.count() == 1
    assert results[20:40] == []


def test_a_single_character_finds_the_long_words_it_ends_or_starts():
    """膜 finds 反渗透膜 and 陶瓷膜; a two-character word is not split (协 does not find 协会)."""
    section = make_section()
    make_article(section, title="甲", body=body("新建反渗透膜车间。", FILLER))
    make_article(section, title="乙", body=body("陶瓷膜组件投产。", FILLER))
    make_article(section, title="丙", body=body("协会召开年会。", FILLER))
    assert sorted(titles("膜")) == ["乙", "甲"]
    assert titles("协") == []
    assert titles("反渗透") == ["甲"]
