"""A paginator for long article lists: counts and deep pages that stay fast at any size."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from association.web.pagecache.memo import cached_per_version

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
