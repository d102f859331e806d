"""A scoped change made in one process is seen by an application server in another: its whole
pages, its kept parts and its page files for the nginx front (the watcher), all through a
shared Redis; the rest of the site stays cached."""

import sqlite3
import time
import uuid

from .servers import Browser, free_port, manage, redis_url, server_env, start_server


def wait_for(check, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def read(path):
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def test_a_body_edit_elsewhere_renews_only_that_page_here(tmp_path):
    prefix = f"scopes-{uuid.uuid4().hex[:8]}"
    env = server_env(tmp_path, f"{redis_url()}?prefix={prefix}")
    env["PAGE_FILES_DIR"] = str(tmp_path / "pages")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    article_id = (
        sqlite3.connect(tmp_path / "db.sqlite3")
        .execute("SELECT id FROM news_article WHERE status = 'published' ORDER BY id LIMIT 1")
        .fetchone()[0]
    )
    page = f"/article/{article_id}/"
    page_file = tmp_path / "pages" / "current" / "article" / str(article_id) / "index.html"
    port = free_port()
    server = start_server(env, port, log=tmp_path / "gunicorn.log")
    try:
        visitor = Browser(f"http://127.0.0.1:{port}")
        for path in (page, "/"):
            visitor.get(path)
            assert visitor.get(path)[1]["X-Page-Cache"] == "hit", path
        assert wait_for(page_file.exists)

        # Another process (an editor's server, a command) edits the body: no site version.
        editor_env = {**env, "PAGE_FILES_DIR": str(tmp_path / "elsewhere")}
        manage(
            editor_env, "shell", "-c",
            "from news.models import Article\n"
            f"a = Article.objects.get(pk={article_id})\n"
            "a.body = '<p>另一个进程改了正文。</p>'\n"
            "a.save()\n",
        )  # fmt: skip

        assert wait_for(lambda: not page_file.exists())  # this server's watcher removed it
        status, headers, html = visitor.get(page)
        assert status == 200 and "另一个进程改了正文" in html
        assert headers["X-Page-Cache"] == "miss"
        assert visitor.get("/")[1]["X-Page-Cache"] == "hit"  # the home page was not renewed
        assert wait_for(lambda: "另一个进程改了正文" in read(page_file))  # filed again, new body
    finally:
        server.terminate()
        server.wait(timeout=30)
        import redis

        client = redis.Redis.from_url(redis_url())
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
