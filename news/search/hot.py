"""Hot searches: count what visitors search for (the words only) and list the most searched.

A search is counted by the results page's beacon (static/js/view-beacon.js), so the page
itself can come from the page cache. Counts gather in Redis or the worker's memory, as view
counts do (news.counting), and are written in batches: when SEARCH_COUNT_FLUSH_THRESHOLD
different terms are pending or VIEW_COUNT_FLUSH_SECONDS have passed, by the workers' flush
timer, when a worker exits, and by `manage.py flush_view_counts`.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, router
from django.utils import timezone

from association.web.counters import BatchedCounts

from .models import SearchTerm

log = logging.getLogger(__name__)

HOT_LIMIT = 10
HOT_DAYS = 30
TERM_LENGTH = 30


def term_of(query):
    """The words of a parsed query as they are counted and listed."""
    return query.normalised[:TERM_LENGTH].strip()


def record(query):
    """Count one search of query's normalised words (written to the database in batches)."""
    term = term_of(query)
    if term:
        searches.add(term)


def flush_search_counts(wait=False):
    """Add the pending counts to the database, one statement per batch; return how many."""
    return searches.flush(wait)


def _write_terms(counts):
    table = SearchTerm._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        # The table name is ours; the terms go in as parameters.
        cursor.executemany(
            f"INSERT INTO {table} (term, count, last_searched_at, hidden) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s) ON CONFLICT (term) DO UPDATE SET "
            f"count = {table}.count + excluded.count, "
            "last_searched_at = excluded.last_searched_at",
            [(term, n, now, False) for term, n in sorted(counts.items())],
        )


searches = BatchedCounts(
    "search:pending", _write_terms, "search counts",
    lambda: settings.SEARCH_COUNT_FLUSH_THRESHOLD,
    convert=lambda term: term.decode(),
)  # fmt: skip


def hot_searches(limit=HOT_LIMIT, days=HOT_DAYS):
    """The most searched terms of the last days, without those editors hid (one query)."""
    db = router.db_for_read(SearchTerm)
    meta, conn = SearchTerm._meta, connections[db]
    since = meta.get_field("last_searched_at").get_db_prep_value(
        timezone.now() - timedelta(days=days), conn
    )
    hidden = meta.get_field("hidden").get_db_prep_value(False, conn)
    with conn.cursor() as cursor:
        cursor.execute(_hot_sql(conn), [hidden, since, limit])
        return [term for (term,) in cursor.fetchall()]


_hot_sql_by_vendor = {}


def _hot_sql(conn):
    """SearchTerm.objects.filter(hidden=False, last_searched_at__gte=…).order_by("-count",
    "term") as SQL written once per database: on the home page, compiling that queryset cost
    more than running it."""
    sql = _hot_sql_by_vendor.get(conn.vendor)
    if sql is None:
        meta, quote = SearchTerm._meta, conn.ops.quote_name
        term, count, last, hidden = (
            quote(meta.get_field(name).column)
            for name in ("term", "count", "last_searched_at", "hidden")
        )
        sql = _hot_sql_by_vendor[conn.vendor] = (
            f"SELECT {term} FROM {quote(meta.db_table)} WHERE {hidden} = %s "  # noqa: S608 - names from _meta
            f"AND {last} >= %s ORDER BY {count} DESC, {term} ASC LIMIT %s"
        )
    return sql


def starting_with(prefix, limit, days=HOT_DAYS):
    """Hot searches that start with prefix (normalised), most searched first."""
    since = timezone.now() - timedelta(days=days)
    return list(
        SearchTerm.objects.filter(
            hidden=False, last_searched_at__gte=since, term__startswith=prefix
        )
        .order_by("-count", "term")
        .values_list("term", flat=True)[:limit]
    )
