"""View counting: the one place that records that an article was read.

A read costs no database write: record_view() adds one to a batched counter
(association/web/counters.py) and the batch is written with one UPDATE per 500 articles.
"""

import atexit

from django.conf import settings
from django.db.models import Case, F, Value, When

from association.web.counters import BatchedCounts, flush_quietly

from .listings import most_read
from .models import Article

__all__ = ["flush_view_counts", "most_read", "record_view", "views"]

BATCH = 500


def _write_views(counts):
    items = sorted(counts.items())
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        increment = Case(
            *[When(pk=article_id, then=Value(n)) for article_id, n in chunk], default=Value(0)
        )
        Article.objects.filter(pk__in=[article_id for article_id, _ in chunk]).update(
            view_count=F("view_count") + increment
        )


views = BatchedCounts(
    "views:pending", _write_views, "view counts", lambda: settings.VIEW_COUNT_FLUSH_THRESHOLD
)


def record_view(article_id):
    """Count one read of the article."""
    views.add(int(article_id))


def flush_view_counts(wait=False):
    """Write pending counts to the database in bulk; return how many views were written."""
    return views.flush(wait)


# Counts in memory would die with the process; counts in Redis wait there for the next flush.
atexit.register(lambda: views.keeps_counts_here() and flush_quietly())
