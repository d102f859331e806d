"""The vocabulary is renewed off the visitor's request: after a publish the page answers with
the previous one while one thread rebuilds it, and a build is shared with other processes."""

import logging

import pytest
from django.urls import reverse

from news.search import vocabulary as module
from news.search.text import parse_query
from news.search.vocabulary import _Cache, suggest, vocabulary

from .factories import make_article, make_section
from .search_helpers import FILLER, body

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """Counts the vocabulary builds."""
    calls = []

    def counted():
        calls.append(1)
        return real()

    real = module._build
    monkeypatch.setattr(module, "_build", counted)
    return calls


@pytest.fixture
def background(settings, monkeypatch):
    """Rebuilds in the background, but the 'thread' is run when the test says so."""
    settings.SEARCH_VOCABULARY_IN_BACKGROUND = True
    jobs = []

    def start(job):
        jobs.append(Pending(job))
        return jobs[-1]

    monkeypatch.setattr(vocabulary, "_start", start)
    monkeypatch.setattr(_Cache, "_start", lambda self, job: start(job))
    monkeypatch.setattr(vocabulary, "thread", None)  # not another test's
    vocabulary.clear()
    return jobs


class Pending:
    """A thread that has not run yet."""

    def __init__(self, job):
        self.job, self.done = job, False

    def is_alive(self):
        return not self.done

    def __call__(self):
        self.done = True
        self.job()


def publish_and_search(client):
    make_article(make_section(slug="old"), title="反渗透海水淡化工程投产", body=body(FILLER))
    assert suggest(parse_query("絮凝济")) is None  # the first build, before any publish
    make_article(make_section(slug="new"), title="新型絮凝剂项目签约", body=body(FILLER))
    response = client.get(reverse("news:search"), {"q": "絮凝济"})
    assert response.status_code == 200
    return response


def test_after_a_publish_the_search_answers_without_building(client, background, builds):
    response = publish_and_search(client)
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]  # not kept: the next visitor gets the new one
    assert len(builds) == 1  # the first one only: the visitor did not wait for another
    assert "絮凝剂" not in html  # the previous vocabulary answered
    assert len(background) == 1
    client.get(reverse("news:search"), {"q": "絮凝济 反渗透"})
    assert len(background) == 1 and len(builds) == 1  # no second rebuild while one is pending

    background[0]()  # the thread's work
    assert len(builds) == 2
    assert suggest(parse_query("絮凝济")) == "絮凝剂"
    html = client.get(reverse("news:search"), {"q": "絮凝济"}).content.decode()
    assert (
        "“<strong>絮凝剂</strong>”的搜索结果" in html and "新型<mark>絮凝剂</mark>项目签约" in html
    )


@pytest.mark.django_db(transaction=True)
def test_a_real_thread_makes_the_new_word_suggestible(client, settings):
    settings.SEARCH_VOCABULARY_IN_BACKGROUND = True
    vocabulary.clear()
    publish_and_search(client)
    vocabulary.wait()
    assert suggest(parse_query("絮凝济")) == "絮凝剂"


def test_a_failed_rebuild_is_logged_and_the_previous_vocabulary_stays(
    client, background, monkeypatch, caplog
):
    publish_and_search(client)

    def broken():
        raise RuntimeError("database gone")

    monkeypatch.setattr(module, "_build", broken)
    with caplog.at_level(logging.ERROR, logger="news.search.vocabulary"):
        background[0]()
    assert "the rebuild failed" in caplog.text
    assert "反渗透" in vocabulary.get()
    response = client.get(reverse("news:search"), {"q": "反深透"})
    assert "“<strong>反渗透</strong>”的搜索结果" in response.content.decode()


def test_another_process_takes_the_shared_build_without_building(background, builds):
    make_article(make_section(), title="陶瓷膜组件通过验收", body=body(FILLER))
    assert "陶瓷膜" in vocabulary.get()
    other = _Cache()  # another worker: nothing in memory yet
    assert "陶瓷膜" in other.get()
    assert len(builds) == 1

    make_article(make_section(slug="new"), title="新型絮凝剂项目签约", body=body(FILLER))
    vocabulary.get()
    background.pop()()  # this process rebuilds and shares
    assert other.get() is not None and len(background) == 1  # the other one renews in its thread
    background.pop()()
    assert "絮凝剂" in other.get() and len(builds) == 2


def test_a_build_under_way_elsewhere_is_not_repeated(background, builds):
    make_article(make_section(), title="陶瓷膜组件通过验收", body=body(FILLER))
    vocabulary.get()
    make_article(make_section(slug="new"), title="新型絮凝剂项目签约", body=body(FILLER))
    assert module._shared_add(module.BUILDING_KEY)  # another process started building
    vocabulary.get()
    background.pop()()
    assert len(builds) == 1 and "絮凝剂" not in vocabulary.get()
