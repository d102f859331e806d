"""Hot searches: count what visitors search for (the words only) and list the most searched."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from .models import SearchTerm

HOT_LIMIT = 10
HOT_DAYS = 30
TERM_LENGTH = 30


def record(query):
    """Count one search of query's normalised words, in one statement whether new or not."""
    term = query.normalised[:TERM_LENGTH].strip()
    if not term:
        return
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        # The table name is ours; the term goes in as a parameter.
        cursor.execute(
            f"INSERT INTO {table} (term, count, last_searched_at, hidden) VALUES (%s, 1, %s, %s) "  # noqa: S608, E501
            f"ON CONFLICT (term) DO UPDATE SET count = {table}.count + 1, "
            "last_searched_at = excluded.last_searched_at",
            [term, timezone.now(), False],
        )


def hot_searches(limit=HOT_LIMIT, days=HOT_DAYS):
    """The most searched terms of the last days, without those editors hid (one query)."""
    since = timezone.now() - timedelta(days=days)
    return list(
        SearchTerm.objects.filter(hidden=False, last_searched_at__gte=since)
        .order_by("-count", "term")
        .values_list("term", flat=True)[:limit]
    )
