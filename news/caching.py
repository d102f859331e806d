"""Caching helpers for the newsroom's pages; the page cache itself is association/pagecache.py."""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from association.models import SiteSettings, linked_pages
from association.pagecache import LocalPages, current_version

from .models import Article, Section, hot_tags

log = logging.getLogger(__name__)


def next_scheduled_publish(now):
    """When the next scheduled article appears (a PAGE_CACHE_SCHEDULES hook)."""
    return (
        Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=datetime.fromtimestamp(now, tz=UTC)
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


ANCHOR_EVERY = 1000  # rows between the remembered places of a long list (50 pages)


class CachedCountPaginator(Paginator):
    """A paginator for long lists: the count is cached per content version, and a page first
    finds its 20 ids by an index-only scan, then loads just those rows.

    Deep pages start from an anchor: the sort key of every ANCHOR_EVERY-th row, found once per
    content version and remembered, so page 2,000 of a section reads at most 1,000 index
    entries from its anchor instead of 40,000 from the top. The list must be ordered by
    published_at and id, newest first, optionally after pinned (pinned=True says so).
    """

    def __init__(self, object_list, per_page, *, count_key, pinned=False, **kwargs):
        self.count_key = count_key
        self.pinned = pinned
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self):
        return cached_per_version(f"count:{self.count_key}", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom >= top:
            return self._get_page([], number, self)
        rows, offset = self.object_list, bottom
        start = bottom - bottom % ANCHOR_EVERY
        anchor = self._anchor(start) if start else None
        if anchor is not None:
            rows, offset = self._from_anchor(anchor), bottom - start
        ids = list(rows.values_list("pk", flat=True)[offset : offset + top - bottom])
        # Same filters and order, but no OFFSET: only the page's rows are read.
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)

    def _anchor(self, offset):
        """Sort key (pinned, published_at, id) of the row at offset, remembered per version."""
        fields = ("pinned", "published_at", "pk")

        def find():
            found = list(self.object_list.values_list(*fields)[offset : offset + 1])
            return found[0] if found else ()

        key = cached_per_version(f"anchor:{self.count_key}:{offset}", find)
        # Inside the pinned articles (over a thousand of them) the plain offset is simpler.
        if not key or (self.pinned and key[0]):
            return None
        return key

    def _from_anchor(self, anchor):
        """The list from the anchor row on: a range on the index, ties on the date by id."""
        _, published_at, pk = anchor  # not pinned: _anchor() gave up inside the pinned ones
        rows = self.object_list.filter(published_at__lte=published_at)
        if self.pinned:
            rows = rows.filter(pinned=False)
        return rows.exclude(published_at=published_at, pk__gt=pk)


KEPT_TIMEOUT = 600
# Pieces this worker used lately, besides the shared cache (a key holds the version: never stale)
_kept_here = LocalPages(256)


def cached_per_version(name, compute, request=None, *, local=False):
    """compute() kept in the cache for the current content version; computed afresh when the
    cache server is unreachable (pages must not fail because of it).

    local: also keep it in this worker's memory, for pieces asked for on most requests.
    """
    try:
        version = getattr(request, "content_version", None) or current_version()
        key = f"news:{name}:{version['token']}"
        value = _kept_here.get(key) if local else None
        if value is None:
            value = cache.get(key)
            if value is not None and local:
                _kept_here.put(key, value, KEPT_TIMEOUT)
    except Exception:
        log.warning("cache unavailable for %s", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        if local:
            _kept_here.put(key, value, KEPT_TIMEOUT)
        try:
            cache.set(key, value, KEPT_TIMEOUT)
        except Exception:
            log.warning("cache unavailable for %s", name, exc_info=True)
    return value


_chrome = {}
_fragments = {}  # {content version token: {key: rendered HTML}}


def _version_token(request, what):
    version = getattr(request, "content_version", None)
    if version is None:
        try:
            version = current_version()
        except Exception:
            log.warning("cache unavailable for the %s", what, exc_info=True)
            return None
    return version["token"]


def site_chrome(request=None):
    """What every page shows around its content: settings, navigation, hot tags, linked pages.

    Kept per content version in the shared cache and in this worker's memory, so a page needs
    no query for them (the hot-tag fallback alone counts tag links over recent articles).
    """
    token = _version_token(request, "site chrome")
    if token is None:
        return _compute_chrome()
    chrome = _chrome.get(token)
    if chrome is None:
        # The name changes with what the value holds: another release may share the cache.
        chrome = cached_per_version("site-chrome", _compute_chrome, request)
        _chrome.clear()  # only the current version is worth keeping
        _chrome[token] = chrome
    return chrome


def _compute_chrome():
    about_pages = linked_pages()
    return {
        "site_settings": SiteSettings.load(),
        "nav_sections": list(Section.objects.filter(show_in_nav=True)),
        "hot_tags": hot_tags(),
        "about_pages": about_pages,
        "nav_pages": [page for page in about_pages if page.in_nav],
        "footer_pages": [page for page in about_pages if page.in_footer],
    }


def chrome_fragment(request, key, render):
    """HTML of a piece every page repeats (header, footer), rendered once per content version.

    key names the variant (which navigation item is current); render() makes the HTML. Kept in
    this worker's memory only: any change an editor makes starts a new version. Not kept with
    DEBUG on, so template edits show at once.
    """
    token = None if settings.DEBUG else _version_token(request, "page header")
    if token is None:
        return render()
    store = _fragments.get(token)
    if store is None:
        _fragments.clear()  # only the current version is worth keeping
        store = _fragments[token] = {}
    html = store.get(key)
    if html is None:
        html = store[key] = render()
    return html
