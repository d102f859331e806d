"""The fault suite of bench/faults.py, short: the site under gunicorn with the production
settings (two workers, Redis, the test's database), a little load from visitors (articles, the
home page, the view beacon as a browser POSTs it), and one fault. What a visitor notices must
hold: no 5xx, no count lost, every request answered again within BACK_WITHIN seconds."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection

from association.site.models import SiteSettings
from news.models import Article, Section
from news.models.editorial import AuditEntry

from .factories import make_article, make_section
from .servers import ROOT, children, free_port, manage, redis_url, server_env, start_server

sys.path.insert(0, str(ROOT / "bench"))
import stack  # noqa: E402 - bench/stack.py: the load of bench/faults.py, and a redis-server

# The database is set up for marked tests only; the gunicorn processes read what the module's
# fixture committed, outside each test's transaction.
pytestmark = pytest.mark.django_db

BACK_WITHIN = 10  # seconds from the fault until every request is answered again
IN_FLIGHT = 4  # the load's threads: at most their requests die with a killed worker


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory, collected_static):
    """Articles the gunicorn processes can read: in the test database itself on PostgreSQL,
    in a file copy of it on SQLite (the test one lives in this process's memory)."""
    tmp = tmp_path_factory.mktemp("faults")
    with django_db_blocker.unblock():
        settings_rows = set(SiteSettings.objects.values_list("pk", flat=True))
        section = make_section(name="故障演练", slug="fault-drill")
        ids = [make_article(section, title=f"故障演练第{n}篇").pk for n in range(12)]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(tmp / "db.sqlite3")
            connection.connection.backup(copy)
            copy.close()
            url = f"sqlite:///{tmp / 'db.sqlite3'}"
        else:
            s = connection.settings_dict
            login = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            url = f"postgres://{login}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        env = {
            **server_env(tmp, "locmem://", static_root=collected_static),
            "DATABASE_URL": url, "WEB_CONCURRENCY": "2",
        }  # fmt: skip
        yield tmp, env, ids
        # Nothing stays for later tests: the audit entries of the publishes, the site
        # settings a page made on PostgreSQL, the articles.
        AuditEntry.objects.filter(article__section=section).delete()
        SiteSettings.objects.exclude(pk__in=settings_rows).delete()
        Article.objects.filter(section=section).delete()
        Section.objects.filter(pk=section.pk).delete()


def view_counts(url, ids):
    query = "SELECT id, view_count FROM news_article"
    if url.startswith("sqlite:///"):
        db = sqlite3.connect(url[len("sqlite:///") :])
        try:
            rows = db.execute(query).fetchall()
        finally:
            db.close()
    else:
        rows = stack.sql(url, query)
    return {pk: n for pk, n in rows if pk in ids}


@contextmanager
def serving(env, tmp):
    port = free_port()
    server = start_server(env, port, log=tmp / "gunicorn.log")
    try:
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()  # a graceful stop: the workers write what they hold in memory
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@contextmanager
def visitors(base, ids):
    """Visitors reading articles and the home page, each article's beacon POSTed."""
    mix = [
        (6, "article", lambda: ("GET", f"/article/{random.choice(ids)}/")),
        (2, "list", lambda: ("GET", "/")),
        (3, "beacon", lambda: ("POST", f"/article/{random.choice(ids)}/view/")),
    ]
    load = stack.Load(base, mix, threads=IN_FLIGHT, pause=0.01)
    load.start()
    try:
        yield load
    finally:
        load.stop()


def counted_some(load, beacons=20, seconds=20):
    """Wait for the load to have had some beacons answered (the machine may be slow)."""
    deadline = time.monotonic() + seconds
    while sum(load.beacons.values()) < beacons and time.monotonic() < deadline:
        time.sleep(0.1)


def back_to_normal(load, fault_at):
    """Seconds from the fault to the start of a whole second in which every request was
    answered (not 5xx); None if that did not happen within BACK_WITHIN."""
    while time.monotonic() < fault_at + BACK_WITHIN:
        time.sleep(0.25)
        now = time.monotonic()
        last = [r for r in list(load.records) if now - 1 <= r[0] <= now]
        if len(last) >= 3 and all(0 < r[2] < 500 for r in last):
            return now - 1 - fault_at
    return None


def assert_nothing_noticed(load, before, after, killed=False):
    statuses = {r[2] for r in load.records}
    assert [r for r in load.records if r[2] >= 500] == []
    unanswered = sum(1 for r in load.records if r[2] == 0)
    assert unanswered <= (IN_FLIGHT if killed else 0), "requests left with no answer"
    assert statuses <= {0, 200, 204}
    assert sum(load.beacons.values()) >= 20, "too little load to say anything"
    lost = {pk: n - (after[pk] - before[pk]) for pk, n in load.beacons.items()}
    assert {pk: n for pk, n in lost.items() if n > 0} == {}, "views answered but not counted"


def forget(redis_base, prefix):
    import redis

    client = redis.Redis.from_url(redis_base)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


def test_a_worker_killed_under_load_costs_no_page_and_no_count(site):
    tmp, env, ids = site
    base_url, prefix = redis_url(), f"faults-{uuid.uuid4().hex[:8]}"
    # No flush on the way: the killed worker's counts must be waiting in Redis.
    env = {**env, "CACHE_URL": f"{base_url}?prefix={prefix}", "VIEW_COUNT_FLUSH_SECONDS": "3600"}
    before = view_counts(env["DATABASE_URL"], ids)
    try:
        with serving(env, tmp) as (server, base), visitors(base, ids) as load:
            counted_some(load)
            victim = children(server.pid)[0]
            fault_at = time.monotonic()
            os.kill(victim, signal.SIGKILL)
            back = back_to_normal(load, fault_at)
            time.sleep(1)
            assert victim not in children(server.pid) and len(children(server.pid)) == 2
        manage(env, "flush_view_counts")
    finally:
        forget(base_url, prefix)
    assert back is not None, f"not answering every request {BACK_WITHIN} s after the kill"
    assert_nothing_noticed(load, before, view_counts(env["DATABASE_URL"], ids), killed=True)


# Found by this test: a flush cut by the stop mid-take kept its lock (120 s, in Redis's
# snapshot), so flush_view_counts right after skipped the batch. Fixed: the lock is released
# when it can be and lives 30 s, and flush_view_counts waits for a held lock.
def test_a_redis_restart_under_load_costs_no_page_and_no_count(site):
    if not shutil.which("redis-server"):
        pytest.skip("no redis-server binary: the Redis restart needs a server of its own")
    tmp, env, ids = site
    redis = stack.Redis(tmp)
    redis.start()
    env = {**env, "CACHE_URL": f"{redis.url()}?prefix=site", "VIEW_COUNT_FLUSH_SECONDS": "2"}
    before = view_counts(env["DATABASE_URL"], ids)
    try:
        with serving(env, tmp) as (_, base), visitors(base, ids) as load:
            counted_some(load)
            fault_at = time.monotonic()
            redis.stop()  # counts meanwhile wait in the workers' memory
            counted_some(load, sum(load.beacons.values()) + 5, seconds=8)  # some while down
            redis.start()
            back = back_to_normal(load, fault_at)
            time.sleep(1)
        manage(env, "flush_view_counts")
    finally:
        redis.stop()
    assert back is not None, f"not answering every request {BACK_WITHIN} s after Redis came back"
    assert_nothing_noticed(load, before, view_counts(env["DATABASE_URL"], ids))


@contextmanager
def full_disk(path, size="1m"):
    """path on a tmpfs of its own, filled to the last byte (root only)."""
    path.mkdir()
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],  # noqa: S607
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs for the page files: {mounted.stderr.decode()}")
    try:
        with open(path / "filler", "wb") as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
            except OSError:
                pass
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)  # noqa: S603, S607


def test_a_full_disk_for_the_page_files_costs_no_page(site):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("not root: no tmpfs to fill for the page files")
    tmp, env, ids = site
    base_url, prefix = redis_url(), f"faults-{uuid.uuid4().hex[:8]}"
    env = {**env, "CACHE_URL": f"{base_url}?prefix={prefix}"}
    before = view_counts(env["DATABASE_URL"], ids)
    try:
        with full_disk(tmp / "pages") as pages:
            env["PAGE_FILES_DIR"] = str(pages)
            with serving(env, tmp) as (_, base), visitors(base, ids) as load:
                counted_some(load)
            assert shutil.disk_usage(pages).free < 65536
        manage(env, "flush_view_counts")
    finally:
        forget(base_url, prefix)
    assert_nothing_noticed(load, before, view_counts(env["DATABASE_URL"], ids))
