import os
import shutil
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections

from association.web.counters import LocalCounter
from association.web.pagecache import memo, version
from association.web.pagecache import middleware as pagecache
from news import counting, downloads
from news.search import hot

from .servers import manage, server_env


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (pages, content version, counts)."""
    cache.clear()
    memo.local_pages.clear()
    memo.local_pieces.clear()
    pagecache._served_here.clear()
    version._outages.clear()  # each test sees a cache outage's first traceback
    yield
    cache.clear()
    memo.local_pages.clear()
    memo.local_pieces.clear()


@pytest.fixture(autouse=True)
def _own_counters(monkeypatch):
    """Views and searches a test counts stay in its own counters, none left for the exit flush."""
    for batch in (counting.views, hot.searches, downloads.downloads):
        monkeypatch.setattr(batch, "source", LocalCounter())
        monkeypatch.setattr(batch, "fallback", LocalCounter())
        # A batch is also written when the last one is 30 s old: each test starts a fresh
        # period, or a count would be written at once whenever the suite took that long.
        monkeypatch.setattr(batch, "last_flush", time.monotonic())


# Debian packages the browser and nginx tests need; tools/test-deps.sh installs them as root.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
CJK_FONT_DIR = Path("/usr/share/fonts/opentype/noto")


def _missing_packages():
    missing = {}
    if not CHROMIUM.exists():
        missing["chromium"] = "browser"
    # Without the CJK fonts Chinese renders as boxes, so a screenshot would prove nothing.
    if not any(CJK_FONT_DIR.glob("NotoSansCJK*")):
        missing["fonts-noto-cjk"] = "browser"
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing["nginx"] = "nginx"
    return missing


MISSING = _missing_packages()


def _skip_line():
    names = " ".join(MISSING)
    kinds = " and ".join(sorted({f"{kind} tests" for kind in MISSING.values()}))
    return (
        f"skipping the {kinds}: missing Debian packages {names} "
        f"(run `make test` as root, or: sudo apt-get install {names})"
    )


def pytest_report_header(config):
    return [_skip_line()] if MISSING else []


def pytest_collection_modifyitems(config, items):
    if not MISSING:
        return
    for item in items:
        for marker, kind in (("browser", "browser"), ("nginx", "nginx")):
            lacking = [name for name, needed_by in MISSING.items() if needed_by == kind]
            if item.get_closest_marker(marker) and lacking:
                item.add_marker(pytest.mark.skip(reason="missing " + " ".join(lacking)))


def pytest_terminal_summary(terminalreporter):
    if MISSING:
        terminalreporter.write_line(_skip_line())


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """make serve's static files (hashed names, compressed), collected once for every test that
    starts gunicorn: the pages it serves name the hashed files."""
    tmp = tmp_path_factory.mktemp("collected")
    manage(server_env(tmp, "locmem://"), "collectstatic", "--noinput")
    return tmp / "static"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """A SQLite file migrated, with the demo content and the local admin, made once; tests
    that run the site in other processes copy it (tests.servers.copy_site)."""
    tmp = tmp_path_factory.mktemp("demo-site")
    env = server_env(tmp, "locmem://")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "ensure_admin")
    return tmp


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, one per test module; each test opens its own pages.

    Playwright's sync API runs an event loop in this thread, which makes Django's ORM refuse to
    run; the tests' own ORM calls are plain sync code, so they are allowed while it is open.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    # Queries made while the loop ran got their own connections: close them, or PostgreSQL
    # refuses to drop the test database.
    connections.close_all()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
