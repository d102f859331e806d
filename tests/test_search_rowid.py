"""SQLite's full-text rowids follow the publication date (news.search.backends.SqliteBackend):
the migration that renumbers them, rescheduled articles, dates at the ends of the calendar.
The same expectations hold on PostgreSQL, where the migration changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from news.search.engine import search
from news.search.models import SearchDocument

from .factories import make_article
from .search_helpers import body, titles


def fts_rows():
    if connection.vendor != "sqlite":
        return SearchDocument.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"纳滤\"'")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_search_finds_articles_right_after_the_migration_renumbers_the_index():
    call_command("migrate", "search", "0007", verbosity=0)  # the index as it was, by article id
    try:
        make_article(title="纳滤工艺推广会", published_at=timezone.now() - timedelta(days=400))
        make_article(title="纳滤工艺研讨会", published_at=timezone.now() - timedelta(days=2))
    finally:
        call_command("migrate", "search", verbosity=0)
    assert sorted(titles("纳滤")) == sorted(["纳滤工艺研讨会", "纳滤工艺推广会"])
    make_article(title="纳滤工艺交流会", published_at=timezone.now() - timedelta(days=30))
    newest_first = ["纳滤工艺研讨会", "纳滤工艺交流会", "纳滤工艺推广会"]
    assert titles("纳滤", by_date=True) == newest_first


@pytest.mark.django_db
def test_a_rescheduled_article_moves_in_the_index_and_is_found_once():
    old = make_article(title="纳滤工艺年会", published_at=timezone.now() - timedelta(days=300))
    make_article(title="纳滤工艺论坛", published_at=timezone.now() - timedelta(days=5))
    old.published_at = timezone.now() - timedelta(hours=1)
    old.save()
    assert titles("纳滤", by_date=True) == ["纳滤工艺年会", "纳滤工艺论坛"]
    assert fts_rows() == 2
    old.delete()
    assert titles("纳滤") == ["纳滤工艺论坛"] and fts_rows() == 1


@pytest.mark.django_db
def test_newest_first_within_one_day_and_one_second_is_to_the_microsecond():
    yesterday = timezone.now() - timedelta(days=1)
    moment = yesterday.replace(hour=12, minute=0, second=0, microsecond=500_000)
    # Ids in the other order than the times: the rowid orders by day and id only.
    later = make_article(title="纳滤工艺甲", body=body("纳滤"), published_at=moment)
    make_article(
        title="纳滤工艺乙", body=body("纳滤"), published_at=moment - timedelta(microseconds=1)
    )
    make_article(title="纳滤工艺丙", body=body("纳滤"), published_at=moment - timedelta(hours=3))
    assert later.pk < SearchDocument.objects.order_by("-pk")[0].pk
    assert titles("纳滤", by_date=True) == ["纳滤工艺甲", "纳滤工艺乙", "纳滤工艺丙"]


@pytest.mark.django_db
def test_dates_at_the_ends_of_the_calendar_are_answered():
    make_article(title="纳滤工艺史话", published_at=datetime(1965, 3, 1, tzinfo=UTC))
    make_article(title="纳滤工艺今日", published_at=timezone.now() - timedelta(days=1))
    first, last = datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)
    assert titles("纳滤", start=first, end=last) == ["纳滤工艺今日", "纳滤工艺史话"]
    assert titles(
        "纳滤", start=datetime(1960, 1, 1, tzinfo=UTC), end=datetime(1970, 1, 1, tzinfo=UTC)
    ) == ["纳滤工艺史话"]
    assert search("纳滤", start=last).count() == 0
