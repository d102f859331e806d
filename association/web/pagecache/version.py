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


def _new_version(previous=None):
    now = time.time()
    # Last-Modified has whole seconds: a version is at least a second after the one before if
    # that one's date was ever sent, so If-Modified-Since can never match an older page. That
    # may put it a little ahead of the clock; the header then says "now".
    # Never earlier than the version before, even after several quick changes in one second.
    since = now
    if previous is not None:
        served = cache.get(served_key(previous["token"]))
        since = max(now, previous["since"] + (1 if served else 0))
    record = {"token": uuid.uuid4().hex, "since": float(int(since)), "until": None}
    record["until"] = next_scheduled_change(now)
    cache.set(VERSION_KEY, record, None)
    files.switch(record["token"])
    return record


def current_version():
    """The content version pages are cached under; renewed once a scheduled time has passed."""
    record = cache.get(VERSION_KEY)
    if record is None or (record["until"] is not None and time.time() >= record["until"]):
        record = _new_version(record)
    return record


def request_version():
    """The version of the page being served (read once by the middleware), else the current."""
    return _request_version.get() or current_version()


def serving(version):
    """Mark version as the one the current request's page is filed under; returns a reset token."""
    return _request_version.set(version)


def done_serving(token):
    _request_version.reset(token)


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
    if _watches(sender) and _shown(instance):
        bump_content_version()


def _watches(model):
    if getattr(model, "affects_public_pages", True) is False:
        return False
    return model._meta.app_label in settings.PAGE_CACHE_APPS


def _shown(instance):
    """False for a change no public page can show (a model says so with changes_public_pages(),
    e.g. an article that was a draft before the save and still is)."""
    ask = getattr(instance, "changes_public_pages", None)
    return ask() if callable(ask) else True


def _m2m_changed(sender, action, instance=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and _watches(sender):
        if _shown(instance):  # the object whose relations changed (e.g. an article's tags)
            bump_content_version()


def connect_signals():
    """Bump the content version on any change to a model of the apps in PAGE_CACHE_APPS."""
    post_save.connect(_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache-m2m")


def start_watcher(interval=0.5):
    """Keep the page files' link on the current version (changes made on other servers,
    scheduled times); one thread per gunicorn worker, off unless PAGE_FILES_DIR is set."""
    if files.root() is None:
        return None

    def loop():
        while True:
            try:
                files.switch(current_version()["token"])
            except Exception:  # noqa: S110 - keep watching; the next tick tries again
                pass
            finally:
                connections.close_all()  # this thread's own connection, if renewal used one
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="page-files-watcher", daemon=True)
    thread.start()
    return thread
