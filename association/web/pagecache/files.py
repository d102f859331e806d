"""Page files: static copies of anonymous pages for the nginx front (DedeCMS-style HTML).

Whenever a page is stored in (or served from) the page cache, its HTML is also written to
PAGE_FILES_DIR/<content version>/<path>/index.html (page-N.html for ?page=N; for a search,
PAGE_FILES_QUERY_PATHS, <query string>.html). The symlink
PAGE_FILES_DIR/current points at the current version's folder and is switched the moment the
version changes, so nginx (deploy/nginx/newsroom.conf) serves the file when it exists and asks
Django otherwise: a publish is visible through nginx at once. Other servers, and scheduled
articles whose time has come, are picked up by a watcher thread in every gunicorn worker that
compares the link with the current version twice a second.

Off unless PAGE_FILES_DIR is set (nginx and gunicorn must share that disk).
"""

import contextlib
import logging
import os
import re
import shutil
import threading
import time
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

LINK = "current"
# A search (PAGE_FILES_QUERY_PATHS) is filed under its query string when it is this plain: the
# same pattern as the $newsroom_search_file map of deploy/nginx/newsroom.conf. No slash, and at
# most 200 characters, well inside a file name's 255 bytes.
QUERY_FILE = re.compile(r"q=[A-Za-z0-9%._~+-]{1,200}(&page=[1-9][0-9]{0,3})?")
KEEP_SECONDS = 120  # an old folder may still be read by a request in flight


def root():
    value = settings.PAGE_FILES_DIR
    return Path(value) if value else None


def relative_file(request):
    """Where this request's page lives under a version folder, or None if it is not filed."""
    path = request.path
    if not path.endswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    if any(p.startswith(".") or "\x00" in p or "\\" in p for p in parts):
        return None
    query = request.META.get("QUERY_STRING", "")
    if query == "":
        name = "index.html"
    elif path in _query_paths():
        if not QUERY_FILE.fullmatch(query):
            return None
        name = f"{query}.html"  # the raw query string, as nginx's $args has it
    elif query.startswith("page=") and query[5:].isdigit() and query[5:] == str(int(query[5:])):
        name = f"page-{query[5:]}.html"  # the nginx map only matches page=<digits>
    else:
        return None
    return Path(*parts, name)


def _query_paths():
    return settings.PAGE_FILES_QUERY_PATHS


def write(token, relative, content):
    """Write a page's HTML atomically (readers see the old file or the new one, never half)."""
    base = root()
    target = base / token / relative
    if target.exists():
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
        os.replace(temporary, target)
    except OSError as error:
        # A full or read-only disk must not fail the page: without the file nginx asks us.
        log.warning("page file not written (%s): %s", error, target)
        with contextlib.suppress(OSError):
            temporary.unlink()


def current_link():
    try:
        return os.readlink(root() / LINK)
    except OSError:
        return None


def switch(token):
    """Point the current link at this version's folder (atomically) and drop old folders."""
    base = root()
    if base is None or current_link() == token:
        return
    temporary = base / f".{LINK}.{os.getpid()}.{threading.get_ident()}"
    try:
        (base / token).mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.symlink(token, temporary)
        os.replace(temporary, base / LINK)
    except OSError as error:
        # The old version's files must not be served on: without the link nginx asks us.
        log.error("page files: could not switch to %s (%s); front falls back", token, error)
        with contextlib.suppress(OSError):
            (base / LINK).unlink()
    _prune(base, token)


def _prune(base, keep):
    cutoff = time.time() - KEEP_SECONDS
    for folder in base.iterdir():
        if folder.name in (keep, LINK) or folder.name.startswith(".") or not folder.is_dir():
            continue
        with contextlib.suppress(OSError):
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
