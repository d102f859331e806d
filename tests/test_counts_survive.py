"""Counts survive killed workers: gunicorn with the production settings and Redis, two
workers, SIGKILL (no exit hook runs), then the flush command finds every count in Redis."""

import os
import signal
import sqlite3
import time
import urllib.parse
import urllib.request
import uuid

from .servers import children, copy_site, free_port, manage, redis_url, server_env, start_server

VISITOR_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0"
VIEWS = 60
SEARCHES = 25


def post(base, path):
    request = urllib.request.Request(  # noqa: S310 - our own server on loopback
        base + path, data=b"", method="POST", headers={"User-Agent": VISITOR_UA}
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return response.status


def test_view_and_search_counts_in_redis_survive_sigkill(tmp_path, demo_site, collected_static):
    prefix = f"counts-{uuid.uuid4().hex[:8]}"
    env = server_env(tmp_path, f"{redis_url()}?prefix={prefix}", static_root=collected_static)
    copy_site(demo_site, tmp_path)
    # Two workers, and no flush on the way: every count must wait in Redis.
    env.update(WEB_CONCURRENCY="2", VIEW_COUNT_FLUSH_SECONDS="3600")
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    article_id, before = db.execute(
        "SELECT id, view_count FROM news_article WHERE status = 'published' ORDER BY id LIMIT 1"
    ).fetchone()
    port = free_port()
    server = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        statuses = {post(base, f"/article/{article_id}/view/") for _ in range(VIEWS)}
        query = urllib.parse.quote("反渗透膜")
        statuses |= {post(base, f"/search/count/?q={query}") for _ in range(SEARCHES)}
        assert statuses == {204}
        workers = children(server.pid)
        assert len(workers) == 2
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        # The master starts new workers; the site answers again.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            alive = set(children(server.pid)) - set(workers)
            if len(alive) == 2:
                break
            time.sleep(0.2)
        assert len(alive) == 2
        with urllib.request.urlopen(base + "/", timeout=20) as response:  # noqa: S310
            assert response.status == 200
    finally:
        server.kill()  # no graceful exit: nothing is flushed by the processes themselves
        server.wait(timeout=30)
        for pid in children(server.pid):
            os.kill(pid, signal.SIGKILL)

    manage(env, "flush_view_counts")
    (after,) = db.execute(
        "SELECT view_count FROM news_article WHERE id = ?", [article_id]
    ).fetchone()
    assert after - before == VIEWS
    (searched,) = db.execute(
        "SELECT count FROM search_searchterm WHERE term = '反渗透膜'"
    ).fetchone()
    assert searched == SEARCHES
