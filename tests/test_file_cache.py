"""The file cache of `make serve` (CACHE_URL=file:…) stays fast as its folder fills."""

from association.filecache import FileCache


def make_cache(tmp_path, max_entries=10):
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_values_come_back(tmp_path):
    cache = make_cache(tmp_path)
    cache.set("页面", {"html": "<p>协会动态</p>"}, 60)
    assert make_cache(tmp_path).get("页面") == {"html": "<p>协会动态</p>"}  # another process


def test_the_folder_is_listed_once_for_many_writes_not_once_per_write(tmp_path, monkeypatch):
    cache = make_cache(tmp_path, max_entries=1000)
    listings = []
    original = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or original())
    for n in range(200):
        cache.set(f"page-{n}", "x" * 100, 60)
    assert len(listings) == 1
    assert all(cache.get(f"page-{n}") for n in range(200))


def test_old_entries_are_still_culled_when_the_time_comes(tmp_path, monkeypatch):
    cache = make_cache(tmp_path, max_entries=10)
    for n in range(30):
        cache.set(f"page-{n}", "x", 60)
    assert len(cache._list_cache_files()) == 30  # over the limit between two culls
    monkeypatch.setattr(cache, "_next_cull", 0.0)  # CULL_SECONDS have passed
    cache.set("one-more", "x", 60)
    assert len(cache._list_cache_files()) < 30
