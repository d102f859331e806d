"""Typos: 您是不是要找 by pinyin without tones and by edit distance, on both databases."""

import pytest
from django.urls import reverse

from news.search.text import parse_query
from news.search.vocabulary import pinyin_key, suggest, vocabulary

from .factories import make_article, make_section
from .search_helpers import FILLER, body

pytestmark = pytest.mark.django_db

TITLES = [
    "反渗透海水淡化工程投产",
    "膜生物反应器处理市政污水",
    "电渗析技术在盐湖提锂中的应用",
    "PVDF中空纤维膜国产化",
    "陶瓷膜组件通过验收",
]


@pytest.fixture
def articles():
    section = make_section()
    for title in TITLES:
        make_article(section, title=title, body=body(FILLER))


def page(client, q):
    response = client.get(reverse("news:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_pinyin_ignores_tones_and_keeps_latin():
    assert pinyin_key("反渗透") == pinyin_key("反深透") == "fanshentou"
    assert pinyin_key("纳滤") == "nalv"
    assert pinyin_key("PVDF膜") == "pvdfmo"


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("反深透", "反渗透"),  # same pinyin, another character
        ("反渗头", "反渗透"),
        ("电参析", "电渗析"),
        ("米生物反应器", "膜生物反应器"),  # mo typed as mi: a neighbouring key
        ("PVDG", "pvdf"),  # g beside f
        ("pdvf", "pvdf"),  # two letters swapped
        ("膜生物反应", "膜生物反应器"),  # a character missing
        ("陶瓷瓷膜", "陶瓷膜"),  # a character too many
    ],
)
def test_real_typos_get_the_word_meant(articles, typo, meant):
    assert suggest(parse_query(typo)) == meant


def test_known_words_and_short_abbreviations_are_left_alone(articles):
    assert suggest(parse_query("反渗透")) is None
    assert suggest(parse_query("RU")) is None  # two letters: another abbreviation, not a typo
    assert suggest(parse_query("火星探测")) is None  # nothing near
    assert suggest(parse_query("反深透 陶瓷膜")) == "反渗透 陶瓷膜"


def test_no_result_shows_the_suggestions_results_at_once_and_says_so(client, articles):
    html = page(client, "反深透")
    assert "没有找到与“反深透”有关的文章,以下是“<strong>反渗透</strong>”的搜索结果" in html
    assert "<mark>反渗透</mark>海水淡化工程投产" in html
    assert "您是不是要找" not in html


def test_few_results_keep_them_and_offer_the_suggestion(client, articles):
    make_article(make_section(slug="other"), title="反深透一词的由来", body=body(FILLER))
    html = page(client, "反深透")
    assert "<mark>反深透</mark>一词的由来" in html
    assert '您是不是要找:<a href="?q=%E5%8F%8D%E6%B8%97%E9%80%8F">反渗透</a>' in html
    assert "反渗透海水淡化工程投产" not in html


def test_enough_results_offer_nothing(client, articles):
    html = page(client, "反渗透")
    assert "您是不是要找" not in html and "以下是" not in html


def test_the_vocabulary_follows_new_titles_and_stays_small(articles):
    assert suggest(parse_query("絮凝济")) is None
    make_article(make_section(slug="new"), title="新型絮凝剂项目签约", body=body(FILLER))
    assert suggest(parse_query("絮凝济")) == "絮凝剂"
    known = vocabulary.get()
    assert "反渗透" in known and "x膜" not in known
    assert len(known.counts) < 200  # titles' terms and the editors' words only


@pytest.mark.parametrize(
    "q",
    [
        "反深透" * 5000,
        "!!!、、",
        "'; DROP TABLE x; --",
        "反深透 OR NEAR(",
        "🙂反深透💧",
        "ﾊﾝ反深透ü",
    ],
)
def test_hostile_queries_on_the_typo_path_answer_with_a_page(client, articles, q):
    assert "<main" in page(client, q)


def test_a_misspelt_word_among_others_is_replaced_when_it_finds_nothing(client, articles):
    for n in range(4):
        make_article(make_section(slug=f"s{n}"), title=f"海水淡化新闻{n}", body=body(FILLER))
    html = page(client, "反深透 海水淡化")
    assert "没有找到含有“反深透”的文章,以下是“<strong>反渗透 海水淡化</strong>”的搜索结果" in html
    assert html.index("<mark>反渗透</mark><mark>海水淡化</mark>工程投产") < html.index("新闻0")
    html = page(client, "陶瓷膜 海水淡化")  # dictionary words: never taken for typos
    assert "以下是" not in html and "您是不是要找" not in html
