"""Page files: static copies of anonymous pages for the nginx front (DedeCMS-style HTML).

Whenever a page is stored in (or served from) the page cache, its HTML is also written to
PAGE_FILES_DIR/<content version>/<path>/index.html (page-N.html for ?page=N; for a search,
PAGE_FILES_QUERY_PATHS, <query string>.html). The symlink
PAGE_FILES_DIR/current points at the current version's folder and is switched the moment the
version changes, so nginx (deploy/nginx/newsroom.conf) serves the file when it exists and asks
Django otherwise: a publish is visible through nginx at once. Other servers, and scheduled
articles whose time has come, are picked up by a watcher thread in every gunicorn worker that
compares the link with the current version twice a second.

A scoped change (version.bump_scopes) removes only the files of that scope's pages: each
version folder keeps, in .scopes/, the list of files written for each scope; the server that
made the change removes them at once, the others when their watcher sees the change.

Off unless PAGE_FILES_DIR is set (nginx and gunicorn must share that disk).
"""

import contextlib
import hashlib
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
SCOPES = ".scopes"  # in a version folder: one list of written files per scope
SEEN = ".scoped-seen"  # in PAGE_FILES_DIR: the last scoped change this server followed


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


def write(token, relative, content, scope=None):
    """Write a page's HTML atomically (readers see the old file or the new one, never half);
    noted under its scope, if any. True if a file was written."""
    base = root()
    target = base / token / relative
    if target.exists():
        return False
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
        os.replace(temporary, target)
        if scope is not None:
            _note(base / token, scope, relative)
    except OSError as error:
        # A full or read-only disk must not fail the page: without the file nginx asks us.
        log.warning("page file not written (%s): %s", error, target)
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    return True


def remove(token, relative):
    with contextlib.suppress(OSError):
        (root() / token / relative).unlink()


def _scope_list(folder, scope):
    return folder / SCOPES / hashlib.md5(scope.encode(), usedforsecurity=False).hexdigest()


def _note(folder, scope, relative):
    listing = _scope_list(folder, scope)
    listing.parent.mkdir(exist_ok=True)
    with open(listing, "a", encoding="utf-8") as out:  # one short line: appends do not mix
        out.write(f"{relative.as_posix()}\n")


def drop_scopes(scopes):
    """Remove the current folder's files of these scopes' pages (nginx then asks Django)."""
    base = root()
    folder = current_link() if base is not None else None
    if folder is None:
        return
    for scope in scopes:
        listing = _scope_list(base / folder, scope)
        taken = listing.with_name(f".{listing.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            os.replace(listing, taken)  # pages written from now on start a new list
            names = taken.read_text(encoding="utf-8").split("\n")
        except OSError:
            continue  # no page of this scope was written here
        for name in filter(None, set(names)):
            if ".." not in Path(name).parts:
                with contextlib.suppress(OSError):
                    (base / folder / name).unlink()
        with contextlib.suppress(OSError):
            taken.unlink()


def clear_current():
    """Remove every file of the current folder (scoped changes this server can no longer tell)."""
    base = root()
    folder = current_link() if base is not None else None
    if folder is None:
        return
    try:
        children = list((base / folder).iterdir())
    except OSError:
        return
    for child in children:
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()


def seen_changes():
    """The last scoped change this server's watchers followed, or None."""
    base = root()
    try:
        return int((base / SEEN).read_text()) if base is not None else None
    except (OSError, ValueError):
        return None


def note_seen_changes(number):
    base = root()
    if base is None:
        return
    temporary = base / f".{SEEN}.{os.getpid()}.{threading.get_ident()}"
    with contextlib.suppress(OSError):
        temporary.write_text(str(number))
        os.replace(temporary, base / SEEN)


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
