import time

import pytest
from django.core.cache import cache

from association import pagecache
from news import caching, counting
from news.search import hot


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (pages, content version, counts)."""
    cache.clear()
    pagecache._local_pages.clear()
    pagecache._served_here.clear()
    caching._kept_here.clear()
    yield
    cache.clear()
    pagecache._local_pages.clear()
    caching._kept_here.clear()


@pytest.fixture(autouse=True)
def _own_counters(monkeypatch):
    """Views and searches a test counts stay in its own counters, none left for the exit flush."""
    for batch in (counting.views, hot.searches):
        monkeypatch.setattr(batch, "source", counting.LocalCounter())
        # A batch is also written when the last one is 30 s old: each test starts a fresh
        # period, or a count would be written at once whenever the suite took that long.
        monkeypatch.setattr(batch, "last_flush", time.monotonic())
