"""Suggestions while typing: a small JSON answer, page-cached by prefix, and its own script."""

import json
import os
from pathlib import Path

import pytest
from django.urls import reverse

from news.search.models import SearchTerm

from .factories import make_article, make_section
from .search_helpers import FILLER, body

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parent.parent / "artifacts"))


def suggestions(client, q):
    response = client.get(reverse("news:search-suggest"), {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)["suggestions"]


@pytest.fixture
def data(db):
    SearchTerm.objects.create(term="反渗透", count=50)
    SearchTerm.objects.create(term="反渗透膜", count=20)
    SearchTerm.objects.create(term="反动标语", count=99, hidden=True)
    section = make_section()
    make_article(section, title="反渗透海水淡化工程投产", body=body(FILLER))
    make_article(section, title="浅谈反渗透膜的清洗", body=body(FILLER))
    make_article(section, title="超滤膜组件招标", body=body(FILLER))
    make_article(section, title="反渗透草稿", status="draft")


def test_hot_searches_first_then_titles(client, data):
    assert suggestions(client, "反渗") == [
        "反渗透", "反渗透膜", "反渗透海水淡化工程投产", "浅谈反渗透膜的清洗",
    ]  # fmt: skip
    assert suggestions(client, "超滤") == ["超滤膜组件招标"]
    assert suggestions(client, "ＵＦ") == []


def test_hidden_terms_and_drafts_are_never_suggested(client, data):
    assert suggestions(client, "反动") == []
    assert "反渗透草稿" not in suggestions(client, "反渗透")


def test_answers_are_page_cached_per_prefix(client, data):
    url = reverse("news:search-suggest")
    assert client.get(url, {"q": "反渗"})["X-Page-Cache"] == "miss"
    assert client.get(url, {"q": "反渗"})["X-Page-Cache"] == "hit"
    assert client.get(url, {"q": "超滤"})["X-Page-Cache"] == "miss"
    make_article(make_section(slug="new"), title="反渗透新闻一则", body=body(FILLER))
    assert "反渗透新闻一则" in suggestions(client, "反渗")  # a new content version


@pytest.mark.parametrize(
    "q",
    ["", " ", "膜" * 10_000, "!!!,。、", "'; DROP TABLE news_article; --", '"反渗 NEAR(*', "%_%",
     "🙂💧", "反渗\u200bＲＯ𠀀", "<script>alert(1)</script>", "\\", "\x01\x1b"],
)  # fmt: skip
def test_hostile_input_gets_an_answer(client, data, q):
    found = suggestions(client, q)
    assert len(found) <= 8
    response = client.get(reverse("news:search-suggest"), {"q": q})
    assert b"<" not in response.content and b">" not in response.content


@pytest.mark.django_db
def test_nul_is_refused_with_a_message(client):
    response = client.get(reverse("news:search-suggest"), {"q": "反\x00渗"})
    assert response.status_code == 400 and "无效字符" in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_in_the_header_box_shows_suggestions_under_the_csp(chromium, live_server):
    SearchTerm.objects.create(term="反渗透", count=50)
    make_article(make_section(), title="反渗透海水淡化工程投产", body=body(FILLER))
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(live_server.url + "/")
    page.locator("#search-q").press_sequentially("反渗", delay=50)
    options = page.locator("datalist option")
    options.first.wait_for(state="attached", timeout=5000)
    values = options.evaluate_all("els => els.map(e => e.value)")
    assert values == ["反渗透", "反渗透海水淡化工程投产"]
    assert page.locator("#search-q").get_attribute("list") == "search-suggestions-0"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-suggest.png"))
    page.locator("#search-q").fill("")
    page.locator("#search-q").press_sequentially("反渗透", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "反渗透海水淡化工程投产" in page.locator("main").inner_text()
    assert violations == []
    page.close()
