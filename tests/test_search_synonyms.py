"""Synonyms and abbreviations: applied when searching, on SQLite and on PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.search.models import SynonymGroup

from .factories import make_article, make_section, make_staff
from .search_helpers import FILLER, body, titles

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(n):
    return NOW - timedelta(days=n)


def test_the_migration_seeds_at_least_thirty_groups_of_the_trade():
    groups = {str(g) for g in SynonymGroup.objects.all()}
    assert len(groups) >= 30
    assert {"RO、反渗透", "UF、超滤", "MBR、膜生物反应器", "团标、团体标准"} <= groups


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("RO", "反渗透海水淡化工程投产"),
        ("ro", "反渗透海水淡化工程投产"),
        ("Ro", "反渗透海水淡化工程投产"),
        ("ＲＯ", "反渗透海水淡化工程投产"),
        ("MBR", "膜生物反应器在市政污水中的应用"),
        ("DTRO", "碟管式反渗透处理垃圾渗滤液"),
        ("COD", "化学需氧量在线监测"),
        ("团标", "团体标准发布"),
        ("行标", "行业标准征求意见"),
        ("国标", "国家标准发布"),
        ("膜协", "中国膜工业协会召开理事会"),
    ],
)
def test_an_abbreviation_finds_the_full_term(query, title):
    section = make_section()
    make_article(section, title=title, body=body(FILLER))
    make_article(section, title="无关的新闻", body=body(FILLER))
    assert titles(query) == [title]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("反渗透", "RO系统运行维护"),
        ("膜生物反应器", "MBR工艺升级改造"),
        ("团体标准", "团标立项公告"),
        ("中国膜工业协会", "膜协年会在京召开"),
    ],
)
def test_the_full_term_finds_the_abbreviation(query, title):
    make_article(make_section(), title=title, body=body(FILLER))
    assert titles(query) == [title]


@pytest.mark.parametrize("query", ["PVDF膜", "pvdf膜", "Pvdf膜", "ＰＶＤＦ膜"])
def test_latin_glued_to_chinese_is_the_two_words(query):
    section = make_section()
    make_article(section, title="聚偏氟乙烯中空纤维膜国产化", body=body(FILLER))
    make_article(section, title="PVDF膜丝产能扩大", body=body(FILLER), published_at=days_ago(3))
    make_article(section, title="聚偏氟乙烯涂料", body=body(FILLER))  # no 膜
    found = titles(query)
    assert set(found) == {"聚偏氟乙烯中空纤维膜国产化", "PVDF膜丝产能扩大"}
    assert found[0] == "PVDF膜丝产能扩大"  # as typed before the synonym
    # Two words: an article with only one of them comes last.
    assert titles("PVDF 膜")[2:] == ["聚偏氟乙烯涂料"]


def test_chinese_glued_to_latin_finds_the_synonym_inside_a_phrase():
    make_article(make_section(), title="超滤膜组件招标", body=body(FILLER))
    assert titles("UF膜组件") == ["超滤膜组件招标"]


def test_exact_term_ranks_above_a_synonym_in_the_same_place():
    section = make_section()
    # The synonym's article is newer and says it more often: still after the exact one.
    make_article(
        section, title="反渗透膜市场", body=body("反渗透" * 5, FILLER), published_at=days_ago(1)
    )
    make_article(section, title="RO膜市场", body=body(FILLER), published_at=days_ago(20))
    assert titles("RO膜") == ["RO膜市场", "反渗透膜市场"]
    assert titles("反渗透膜") == ["反渗透膜市场", "RO膜市场"]


def test_exact_term_in_the_body_ranks_above_a_synonym_in_the_body():
    section = make_section()
    make_article(section, title="甲", body=body("采用超滤工艺。", FILLER), published_at=days_ago(1))
    make_article(section, title="乙", body=body("采用UF工艺。", FILLER), published_at=days_ago(9))
    assert titles("UF") == ["乙", "甲"]
    assert titles("超滤") == ["甲", "乙"]


def test_a_title_match_through_a_synonym_still_beats_a_body_match():
    section = make_section()
    make_article(section, title="甲", body=body("本项目采用RO。", FILLER), published_at=days_ago(1))
    make_article(section, title="反渗透项目投运", body=body(FILLER), published_at=days_ago(9))
    assert titles("RO") == ["反渗透项目投运", "甲"]


def test_a_new_group_applies_at_once_without_reindexing():
    make_article(make_section(), title="序批式活性污泥法改造", body=body(FILLER))
    assert titles("SBR") == []
    group = SynonymGroup.objects.create(terms="SBR 序批式活性污泥法")
    assert titles("SBR") == ["序批式活性污泥法改造"]
    group.terms = "SBR 序列间歇式活性污泥法"
    group.save()
    assert titles("SBR") == []
    group.delete()
    assert titles("序列间歇式活性污泥法") == []


def test_the_search_page_marks_the_synonym_and_the_admin_edits_groups(client):
    make_article(make_section(), title="反渗透海水淡化工程投产", body=body(FILLER))
    page = client.get(reverse("news:search"), {"q": "RO"}).content.decode()
    assert "<mark>反渗透</mark>海水淡化工程投产" in page

    client.force_login(make_staff())
    url = reverse("admin:search_synonymgroup_add")
    assert "同义词" in client.get(reverse("admin:index")).content.decode()
    response = client.post(url, {"terms": "只有一个", "note": ""})
    assert "一组至少要有两个词语" in response.content.decode()
    response = client.post(url, {"terms": "SBR、序批式活性污泥法", "note": ""}, follow=True)
    assert "已生效" in response.content.decode()
    assert SynonymGroup.objects.filter(terms="SBR 序批式活性污泥法").exists()
    response = client.post(url, {"terms": "RO <script>", "note": ""})
    assert "只能由汉字、字母和数字组成" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["\x00RO", "RO" * 5000, "RO OR 1=1", '"RO" NEAR(超滤)', "🙂RO💧", "RO膜ü𠀀", "、、、"]
)
def test_hostile_queries_with_synonyms_answer_with_a_page(client, query):
    make_article(make_section(), title="反渗透海水淡化工程投产", body=body(FILLER))
    response = client.get(reverse("news:search"), {"q": query})
    if "\x00" in query:  # refused before any view, with a message (association.web.middleware)
        assert response.status_code == 400 and "无效字符" in response.content.decode()
    else:
        assert response.status_code == 200 and "<main" in response.content.decode()


@pytest.mark.parametrize(
    "terms", ["膜" * 10_000, "RO 🙂", "、、、", "RO\u200b 反渗透", "RO <b>", "RO\t\x01"]
)
def test_hostile_groups_are_refused_with_a_message(client, terms):
    client.force_login(make_staff())
    before = SynonymGroup.objects.count()
    response = client.post(reverse("admin:search_synonymgroup_add"), {"terms": terms})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert SynonymGroup.objects.count() == before


def test_words_of_query_syntax_in_a_group_are_plain_words(client):
    make_article(make_section(), title="反渗透海水淡化工程投产", body=body(FILLER))
    SynonymGroup.objects.create(terms="RO OR AND NEAR 反渗透")  # the editor's choice, harmless
    for q in ["OR", "NEAR", "AND", "RO"]:
        assert titles(q) == ["反渗透海水淡化工程投产"]


def test_exact_first_also_when_more_match_than_are_ranked(settings):
    settings.SEARCH_MAX_RESULTS = 3  # the ranking reads windows of the newest 3
    section = make_section()
    for n in range(3):
        make_article(
            section, title=f"甲{n}", body=body("采用超滤。", FILLER), published_at=days_ago(20 + n)
        )
        make_article(
            section, title=f"乙{n}", body=body("采用UF。", FILLER), published_at=days_ago(n)
        )
    assert titles("超滤") == ["甲0", "甲1", "甲2"]
    assert titles("UF") == ["乙0", "乙1", "乙2"]
