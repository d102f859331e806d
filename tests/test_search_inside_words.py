"""Words inside words: found at query time from the vocabulary, the index is unchanged."""

import pytest

from news.search.models import IndustryTerm, SearchDocument
from news.search.text import reload_dictionary

from .factories import make_article, make_section
from .search_helpers import FILLER, body, fresh_dictionary, titles  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_dictionary")]


@pytest.fixture
def park():
    IndustryTerm.objects.create(word="创新产业园")
    reload_dictionary()
    section = make_section()
    make_article(section, title="中欧创新产业园开园", body=body(FILLER))
    make_article(section, title="膜法水处理新工艺", body=body(FILLER))
    make_article(section, title="产业园区建设", body=body("产业发展平稳。", FILLER))


def test_a_character_finds_the_dictionary_word_it_starts(park):
    assert "膜法水处理新工艺" in titles("膜")
    terms = SearchDocument.objects.get(article__title="膜法水处理新工艺").terms.split()
    assert "膜" not in terms and "x膜" not in terms  # found without indexing the character


def test_a_piece_of_a_longer_dictionary_word_finds_it(park):
    assert titles("新产业") == ["中欧创新产业园开园"]
    assert titles("创新产业") == ["中欧创新产业园开园"]
    assert titles("中欧 新产业")[0] == "中欧创新产业园开园"


def test_what_is_not_inside_is_still_not_found(park):
    assert titles("创新园") == []  # 创新产业园 is not 创新园
    assert titles("协") == []  # a character is not looked for inside the common words
    assert titles("园产业") == []


def test_the_page_marks_the_word_found(client, park):
    html = client.get("/search/", {"q": "新产业"}).content.decode()
    assert "中欧<mark>创新产业园</mark>开园" in html


@pytest.mark.parametrize(
    "q", ["新产业" * 4000, "新产业\x01园", "🙂新产业", "新产业 OR 1", "ｎｅｗ新产业"]
)
def test_hostile_queries_answer_with_a_page(client, park, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200 and "<main" in response.content.decode()
