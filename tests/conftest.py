import time

import pytest
from django.core.cache import cache

from association.web.counters import LocalCounter
from association.web.pagecache import memo
from association.web.pagecache import middleware as pagecache
from news import counting
from news.search import hot


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (pages, content version, counts)."""
    cache.clear()
    memo.local_pages.clear()
    memo.local_pieces.clear()
    pagecache._served_here.clear()
    yield
    cache.clear()
    memo.local_pages.clear()
    memo.local_pieces.clear()


@pytest.fixture(autouse=True)
def _own_counters(monkeypatch):
    """Views and searches a test counts stay in its own counters, none left for the exit flush."""
    for batch in (counting.views, hot.searches):
        monkeypatch.setattr(batch, "source", LocalCounter())
        # A batch is also written when the last one is 30 s old: each test starts a fresh
        # period, or a count would be written at once whenever the suite took that long.
        monkeypatch.setattr(batch, "last_flush", time.monotonic())
