"""The file cache of `make serve` (CACHE_URL=file:…) stays fast as its folder fills."""

from association.web.filecache import FileCache


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


def test_a_value_read_before_is_not_opened_again_while_its_file_is_the_same(tmp_path, monkeypatch):
    from association.web import filecache

    cache = make_cache(tmp_path)
    cache.set("content-version", {"token": "a" * 32}, None)
    opened = []
    monkeypatch.setattr(filecache, "open", lambda *a: opened.append(a) or open(*a), raising=False)
    for _ in range(5):
        assert cache.get("content-version") == {"token": "a" * 32}
    assert len(opened) == 1


def test_a_change_written_by_another_process_is_read_at_once(tmp_path):
    reader, writer = make_cache(tmp_path), make_cache(tmp_path)
    # Same-sized values, written and read in quick turns: neither size nor the clock tells
    # the files apart, only that each write is a new file.
    for n in range(300):
        writer.set("content-version", {"token": f"{n:032d}"}, None)
        assert reader.get("content-version") == {"token": f"{n:032d}"}


def test_a_kept_value_is_gone_once_deleted_elsewhere_or_expired(tmp_path, monkeypatch):
    reader, writer = make_cache(tmp_path), make_cache(tmp_path)
    writer.set("gone", "协会动态", 60)
    writer.set("expiring", "热门标签", 60)
    assert reader.get("gone") == "协会动态" and reader.get("expiring") == "热门标签"
    writer.delete("gone")
    assert reader.get("gone", "missing") == "missing"
    later = __import__("time").time() + 61
    monkeypatch.setattr("association.web.filecache.time.time", lambda: later)
    assert reader.get("expiring", "missing") == "missing"
    assert not writer.has_key("expiring")  # the expired file was removed, as Django does


def test_callers_get_their_own_copy(tmp_path):
    cache = make_cache(tmp_path)
    cache.set("chrome", {"hot_tags": ["反渗透"]}, 60)
    cache.get("chrome")["hot_tags"].append("changed by one caller")
    assert cache.get("chrome") == {"hot_tags": ["反渗透"]}


def test_touch_gives_a_new_expiry_that_other_processes_see(tmp_path, monkeypatch):
    reader, writer = make_cache(tmp_path), make_cache(tmp_path)
    writer.set("page", "<p>会议通知</p>", 10)
    assert reader.get("page") == "<p>会议通知</p>"
    assert writer.touch("page", 600)
    assert not writer.touch("never-set", 600)
    later = __import__("time").time() + 300
    monkeypatch.setattr("association.web.filecache.time.time", lambda: later)
    assert reader.get("page") == "<p>会议通知</p>"


def test_only_a_few_files_stay_open(tmp_path):
    cache = make_cache(tmp_path, max_entries=1000)
    for n in range(cache.KEPT_OPEN * 3):
        cache.set(f"page-{n}", n, 60)
        assert cache.get(f"page-{n}") == n
    assert len(cache._kept) == cache.KEPT_OPEN
    cache.clear()
    assert cache._kept == {} and cache.get("page-1") is None
