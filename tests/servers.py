"""Real application processes for tests: gunicorn with the production settings, a file
database and a shared cache, as docs/deploy.md sets up several servers."""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp, cache_url, static_root=None):
    """The environment of a production-settings process on a file database in tmp; static_root:
    files collected once for the whole session (the `collected_static` fixture)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="association.settings.prod",
        DJANGO_SECRET_KEY="two-process-test-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(static_root or tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        CACHE_URL=cache_url,
        ADMIN_PASSWORD="two-servers-pw-1",
        WEB_CONCURRENCY="1",
    )
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, timeout=120,
    )  # fmt: skip


def copy_site(source, tmp):
    """Put the database and media files of a site made in source into tmp."""
    for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
        if (source / name).exists():
            shutil.copy(source / name, tmp / name)
    if (source / "media").exists():
        shutil.copytree(source / "media", tmp / "media", dirs_exist_ok=True)


class Browser:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path):
        try:
            with self.opener.open(self.base + path, timeout=20) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post(self, path, fields):
        _, _, html = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True)
        request = urllib.request.Request(self.base + path, data=data.encode(), method="POST")  # noqa: S310
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=20) as response:
            return response.status, response.read().decode()


def start_server(env, port, log=None):
    """gunicorn on port; log: a file for its own log (a pipe nobody reads can fill up and
    stop the workers when they log errors)."""
    stderr = open(log, "ab") if log else subprocess.PIPE  # noqa: SIM115 - lives with the server
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=stderr,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            if process.poll() is not None:
                said = Path(log).read_text() if log else process.stderr.read().decode()
                raise RuntimeError(said) from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not start on port {port}")


def children(pid):
    """The processes whose parent is pid (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def redis_url():
    redis = pytest.importorskip("redis")
    # TEST_REDIS_URL lets suites running side by side (one per worktree) keep apart.
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    return url
