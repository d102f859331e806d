"""Helpers shared by the search tests."""

import pytest

from news.search import text
from news.search.engine import search


def titles(q, **kwargs):
    results = search(q, **kwargs)
    return [a.title for a in results[0 : results.count()]]


@pytest.fixture
def fresh_dictionary():
    """Tests that edit the dictionary leave the segmenter to re-read it after the rollback."""
    yield
    text.dictionary_changed()


def body(*sentences):
    return "".join(f"<p>{s}</p>" for s in sentences)


FILLER = "今年以来,各地持续推进水处理工程建设,行业发展总体平稳。"
