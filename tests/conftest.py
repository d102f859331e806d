import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (pages, content version, counts)."""
    cache.clear()
    yield
    cache.clear()
