import pytest
from django.core.cache import cache

from association import pagecache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (pages, content version, counts)."""
    cache.clear()
    pagecache._local_pages.clear()
    pagecache._served_here.clear()
    yield
    cache.clear()
    pagecache._local_pages.clear()
