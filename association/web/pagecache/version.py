"""The content version: one token in the shared cache that every cached page and piece is
filed under (see the package docstring for the whole picture)."""

import contextvars
import logging
import threading
import time
import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.module_loading import import_string

from . import files

log = logging.getLogger(__name__)
VERSION_KEY = "pagecache:version"

# The version the page cache middleware read for the request being served, so the pieces of
# that page are filed under the same token without asking the shared cache again.
_request_version = contextvars.ContextVar("request_version", default=None)


# {kind of outage: [monotonic time its traceback was last logged, calls not logged since]}
_outages = {}
_outages_lock = threading.Lock()


def log_outage(kind, message, *args, logger=log, level=logging.WARNING):
    """Log a cache failure from inside an except block: the traceback once per
    PAGE_CACHE_OUTAGE_LOG_SECONDS for each kind, so a Redis that is down for an hour writes a
    few dozen tracebacks rather than one for every request; the next one says how many were
    left out."""
    now = time.monotonic()
    with _outages_lock:
        last, quiet = _outages.get(kind, (None, 0))
        if last is not None and now - last < settings.PAGE_CACHE_OUTAGE_LOG_SECONDS:
            _outages[kind] = (last, quiet + 1)
            return
        _outages[kind] = (now, 0)
    if quiet:
        message = f"{message} (and %d more like it since the last report)"
        args = (*args, quiet)
    logger.log(level, message, *args, exc_info=True)


def next_scheduled_change(now):
    """The earliest moment after now at which a page may change without anyone saving."""
    moments = []
    for path in settings.PAGE_CACHE_SCHEDULES:
        try:
            # A savepoint: a hook that fails (a data migration saving a row before the hook's
            # table has its columns) must not abort the transaction of the save that asked.
            with transaction.atomic():
                moment = import_string(path)(now)
        except DatabaseError:
            log.warning("page cache: schedule %s could not be read", path, exc_info=True)
            continue
        if moment is not None:
            moments.append(moment.timestamp() if isinstance(moment, datetime) else moment)
    return min(moments) if moments else None


def served_key(token):
    return f"pagecache:served:{token}"


def _served_since(value, since):
    """The earliest "since" for the record after one whose served key holds value: a second
    past the newest Last-Modified that went out under it (True: its own), else its own."""
    if not value:
        return since
    if value is True:
        return since + 1
    return max(since, value) + 1


def _new_version(previous=None):
    now = time.time()
    # Last-Modified has whole seconds: a version is at least a second after the one before if
    # that one's date was ever sent, so If-Modified-Since can never match an older page. That
    # may put it a little ahead of the clock; the header then says "now".
    # Never earlier than the version before, even after several quick changes in one second.
    since = now
    if previous is not None:
        served = cache.get(served_key(previous["token"]))
        since = max(now, _served_since(served, previous["since"]))
    record = {"token": uuid.uuid4().hex, "since": float(int(since)), "until": None}
    record["until"] = next_scheduled_change(now)
    cache.set(VERSION_KEY, record, None)
    files.switch(record["token"])
    return record


def current_version(scope=None):
    """The content version pages are cached under; renewed once a scheduled time has passed.

    scope: the page's scope (a name, see bump_scopes()); its stamp is read in the same round
    trip and the record returned is a copy with "scope", "stamp" (its token, None while the
    scope has not changed) and "since" the later of the two.
    """
    if scope is None:
        record = cache.get(VERSION_KEY)
        stamp = None
    else:
        found = cache.get_many([VERSION_KEY, scope_key(scope)])
        record, stamp = found.get(VERSION_KEY), found.get(scope_key(scope))
    if record is None or (record["until"] is not None and time.time() >= record["until"]):
        record = _new_version(record)
    if scope is None:
        return record
    return _scoped(record, scope, stamp)


def _scoped(record, scope, stamp):
    if stamp is None:
        return {**record, "scope": scope, "stamp": None}
    since = max(record["since"], stamp["since"])
    return {**record, "scope": scope, "stamp": stamp["token"], "since": since}


def request_version():
    """The version of the page being served (read once by the middleware), else the current."""
    return _request_version.get() or current_version()


def serving(version):
    """Mark version as the one the current request's page is filed under; returns a reset token."""
    return _request_version.set(version)


def done_serving(token):
    _request_version.reset(token)


def scope_stamp(scope):
    """The token of scope's stamp for the page being served ("-" while it never changed): the
    one the middleware read with the version when the page is in that scope, else read now.
    A piece of a scoped page puts it in its name so a scoped change renews the piece too."""
    version = _request_version.get()
    if version is None or version.get("scope") != scope:
        try:
            version = current_version(scope)
        except Exception:
            log_outage("piece", "cache unavailable for the stamp of %s", scope)
            return uuid.uuid4().hex  # a name no kept piece has: rendered afresh
    return version["stamp"] or "-"


def scope_key(scope):
    return f"pagecache:scope:{scope}"


def _scope_entry_key(number):
    return f"pagecache:scoped:{number}"


SCOPE_SEQUENCE_KEY = "pagecache:scoped:last"
# A stamp outlives every page and piece filed under the stamp before it (each is kept at most
# twice its timeout: once shared, once more in a worker), so a stamp lost to expiry never
# brings an older copy back; the list of scoped changes is read by the watchers twice a second.
STAMP_SECONDS = 24 * 3600
SCOPED_CHANGES_SECONDS = 3600


def bump_scopes(scopes):
    """Make the pages and pieces of these scopes stale, and only those: each scope gets a new
    stamp, this server's page files of it are removed at once and other servers' watchers
    remove theirs. Like bump_content_version(), again once the transaction commits, and never
    raises."""
    scopes = tuple(scopes)
    _bump_scopes_quietly(scopes)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_scopes_quietly(scopes))


def _bump_scopes_quietly(scopes):
    try:
        _bump_scopes(scopes)
    except Exception:
        log_outage("bump", "page cache: could not renew %s", ", ".join(scopes), level=logging.ERROR)
    finally:
        # Even with the cache unreachable, this server's front must not serve the old page.
        files.drop_scopes(scopes)
        _request_version.set(None)


def _bump_scopes(scopes):
    keys = [VERSION_KEY, *(scope_key(s) for s in scopes)]
    found = cache.get_many(keys)
    record = found.get(VERSION_KEY) or current_version()
    pairs = zip(scopes, keys[1:], strict=True)
    before = {key: _scoped(record, scope, found.get(key)) for scope, key in pairs}
    served = cache.get_many([served_key(p["stamp"] or p["token"]) for p in before.values()])
    stamps = {}
    now = time.time()
    for key, previous in before.items():
        mark = served.get(served_key(previous["stamp"] or previous["token"]))
        # As a new version's: never earlier than what the page said before, a second later if
        # that date went out (whole seconds), so If-Modified-Since cannot match the old page.
        since = max(now, _served_since(mark, previous["since"]))
        stamps[key] = {"token": uuid.uuid4().hex, "since": float(int(since))}
    cache.set_many(stamps, STAMP_SECONDS)
    # Numbered entries (no list to read and write back: two editors at once lose nothing).
    cache.add(SCOPE_SEQUENCE_KEY, 0, None)
    last = cache.incr(SCOPE_SEQUENCE_KEY, len(scopes))
    numbered = {_scope_entry_key(last - n): scope for n, scope in enumerate(reversed(scopes))}
    cache.set_many(numbered, SCOPED_CHANGES_SECONDS)


def scoped_changes(after):
    """(the number of the last scoped change, the scopes changed after number `after`); the
    scopes are None when some of them can no longer be told (expired, or the count restarted)."""
    last = cache.get(SCOPE_SEQUENCE_KEY) or 0
    if last <= after:
        return last, (() if last == after else None)
    if last - after > 500:
        return last, None
    keys = [_scope_entry_key(n) for n in range(after + 1, last + 1)]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        return last, None
    return last, tuple(found[k] for k in keys)


def bump_content_version():
    """Make every cached page stale. Model saves call it through the signals below; code that
    changes public content without a signal (QuerySet.update()) calls it itself.

    Never raises: with the cache server unreachable the editor's change must still be saved.
    """
    _bump_quietly()
    if connection.in_atomic_block:
        # A request that read the new token before the commit could cache the old content;
        # bumping again once the change is visible to everyone closes that window.
        transaction.on_commit(_bump_quietly)


def _bump_quietly():
    try:
        _new_version(cache.get(VERSION_KEY))
        _request_version.set(None)
    except Exception:
        log_outage("bump", "page cache: could not bump the content version", level=logging.ERROR)


def _changed(sender, instance=None, **kwargs):
    if _watches(sender):
        _renew(_shown(instance))


def _renew(shown):
    """shown: what _shown() said: nothing, the whole site (True) or some scopes."""
    if shown is True:
        bump_content_version()
    elif shown:
        bump_scopes(shown)


def _watches(model):
    if getattr(model, "affects_public_pages", True) is False:
        return False
    return model._meta.app_label in settings.PAGE_CACHE_APPS


def _shown(instance):
    """What a change may show on: False for no public page, True for any, or a tuple of scopes
    (only their pages). A model says so with changes_public_pages(), e.g. False for an article
    that was a draft before the save and still is, or its own page's scope for a body edit."""
    ask = getattr(instance, "changes_public_pages", None)
    shown = ask() if callable(ask) else True
    if isinstance(shown, str):
        return (shown,)
    return tuple(shown) if isinstance(shown, list | tuple) else bool(shown)


def _m2m_changed(sender, action, instance=None, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not _watches(sender):
        return
    if action != "post_clear" and not pk_set:
        return  # taggit's set() sends an empty post_add when the tags did not change
    if _shown(instance):  # the object whose relations changed (e.g. an article's tags)
        bump_content_version()  # lists show relations (tag pages): the whole site


def connect_signals():
    """Bump the content version on any change to a model of the apps in PAGE_CACHE_APPS."""
    post_save.connect(_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache-m2m")


def follow_scoped_changes(seen):
    """Remove this server's page files of the scopes changed (on any server) since change
    number seen; all of the current folder's files when that can no longer be told (seen is
    None: this server never followed). Returns the number to pass next time."""
    last, scopes = scoped_changes(seen or 0)
    if seen is None or scopes is None:
        files.clear_current()
    elif scopes:
        files.drop_scopes(set(scopes))
    if last != seen:
        files.note_seen_changes(last)
    return last


def start_watcher(interval=0.5):
    """Keep the page files' link on the current version (changes made on other servers,
    scheduled times); one thread per gunicorn worker, off unless PAGE_FILES_DIR is set."""
    if files.root() is None:
        return None

    def loop():
        seen = files.seen_changes()
        while True:
            try:
                files.switch(current_version()["token"])
                seen = follow_scoped_changes(seen)
            except Exception:  # noqa: S110 - keep watching; the next tick tries again
                pass
            finally:
                connections.close_all()  # this thread's own connection, if renewal used one
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="page-files-watcher", daemon=True)
    thread.start()
    return thread
