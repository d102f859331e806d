"""Benchmark search on 100,000 generated articles: index build, 50 queries, the search page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/srch_bench .venv/bin/python \
        bench/search_bench.py
    DATABASE_URL=sqlite:////tmp/srch_bench.sqlite3 .venv/bin/python bench/search_bench.py

Generates the articles with bench/generate_articles.py (bulk_create, so no signals fire and
nothing is indexed), rebuilds the search index with the management command's code and times
it, then times a mixed set of 50 queries (one-word, two-word, rare, very common, Latin): the
whole search as the page does it (count, one page of ids, the articles, highlighted snippets),
and the whole page through Django's test client. Prints the figures; the database is left for
another run (--skip-generate) and is the caller's to delete.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "association.settings.dev")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from generate_articles import generate  # noqa: E402  (sets Django up)
from taggit.models import Tag  # noqa: E402

from news.models import Article, HotTag  # noqa: E402
from news.search import backends  # noqa: E402
from news.search.engine import search  # noqa: E402
from news.search.indexing import rebuild  # noqa: E402
from news.search.models import SearchDocument  # noqa: E402
from news.search.text import parse_query, reload_dictionary  # noqa: E402
from news.search.vocabulary import suggest, vocabulary  # noqa: E402

QUERIES = {
    "one-word": [
        "反渗透", "超滤", "纳滤", "微滤", "正渗透", "海水淡化", "膜污染", "零排放", "再生水",
        "陶瓷膜", "电渗析", "协会", "威海", "膜法", "膜技术",
    ],
    "two-word": [
        "威海 创新园", "反渗透 海水淡化", "超滤 膜污染", "协会 培训", "膜技术 创新",
        "纳滤 饮用水", "正渗透 能耗", "行业 标准", "产业园 建设", "膜组件 国产",
        "污水处理 再生水", "中空纤维膜 PVDF",
    ],
    # The generator's rare terms (about 2% of articles) and title numbers (one article each).
    "rare": [
        "石墨烯复合膜", "仿生水通道蛋白", "卤水提锂", "渗透能发电", "12345", "67890", "31415",
        "99999",
    ],
    "very common": ["技术", "发展", "行业", "企业", "项目", "建设", "膜", "水处理"],
    "Latin": ["MBR", "PVDF", "mbr 工艺", "PVDF 膜", "RO", "UF", "ISO"],
}  # fmt: skip
ALL = [q for group in QUERIES.values() for q in group]
assert len(ALL) == 50  # noqa: S101


# What a reader means (synonyms, typos, words inside words), timed apart from the 50 above.
MEANING = ["RO 膜", "PVDF膜", "国标", "膜协", "新产业", "创新产业", "反深透", "米生物反应器"]


def index_size():
    """Bytes of the full-text index: the FTS5 tables, or the tsvector columns and GIN indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
        else:
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchdocument') "
                "- pg_relation_size('search_searchdocument_pkey')"
            )
        return cursor.fetchone()[0] or 0


def meaning_figures():
    vocabulary.clear()
    started = time.perf_counter()
    known = vocabulary.get()
    built = (time.perf_counter() - started) * 1000
    print(f"vocabulary: {len(known.counts)} terms, built in {built:.0f} ms")
    for q in MEANING:
        run_search(q)
        _, times = timed(lambda q=q: run_search(q), 3)
        total, _ = run_search(q)
        _, typo = timed(lambda q=q: suggest(parse_query(q)), 3)
        print(
            f"  {q:<12} matches {total:>4}  search {statistics.median(times):6.1f} ms  "
            f"suggestion {statistics.median(typo):5.2f} ms → {suggest(parse_query(q))}"
        )
    # The index-side way, for comparison: each character pair of a word of three or more as a
    # term of its own (what 新产业 inside 创新产业园 needs without the vocabulary).
    terms, pairs = 0, 0
    for doc in SearchDocument.objects.order_by("pk").values_list("terms", flat=True)[:2000]:
        words = doc.split()
        terms += len(words)
        pairs += sum(len(w) - 1 for w in words if len(w) >= 3 and not w.isascii())
    print(f"indexing character pairs instead would add {pairs / max(terms, 1):.0%} more terms")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return min(times) if repeat > 1 else times[0], times


def run_search(q):
    results = search(q)
    page = results[0:20]
    return results.count(), page


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--skip-generate", action="store_true", help="use the articles there")
    parser.add_argument("--skip-index", action="store_true", help="use the index there")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the 50 queries")
    args = parser.parse_args()

    settings.DEBUG = False  # no query log: time what production runs
    vendor = connection.vendor
    print(f"== search benchmark on {vendor}")
    call_command("migrate", verbosity=0)
    if not args.skip_generate:
        generate(args.count, clear=True)
    print(f"articles: {Article.objects.count()}")

    if not args.skip_index:
        reload_dictionary()
        count, seconds = rebuild(out=lambda line: print("\r" + line, end="", flush=True))
        print(f"\nindex build: {count} articles in {seconds:.1f} s ({count / seconds:.0f}/s)")
    print(
        f"index size: {index_size() / 2**20:.1f} MiB (unchanged by synonyms, typos, inside words)"
    )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sum(pg_relation_size(indexrelid)) FROM pg_index "
                "WHERE indrelid = 'search_searchdocument'::regclass AND indexrelid::regclass::text "
                "LIKE '%%_gin'"
            )
            print(f"  of which the GIN indexes: {cursor.fetchone()[0] / 2**20:.1f} MiB")

    # Warm caches once, then time every query in several rounds (median over rounds per query).
    for q in ALL:
        run_search(q)
    per_query = {}
    for _ in range(args.rounds):
        for q in ALL:
            started = time.perf_counter()
            total, page = run_search(q)
            per_query.setdefault(q, []).append((time.perf_counter() - started) * 1000)
            per_query[q + "#n"] = total
    medians = {q: statistics.median(per_query[q]) for q in ALL}
    print(f"\n{'query':<16}{'group':<13}{'matches':>8}{'ms':>9}")
    for group, queries in QUERIES.items():
        for q in queries:
            print(f"{q:<16}{group:<13}{per_query[q + '#n']:>8}{medians[q]:>9.1f}")
    values = list(medians.values())
    print(
        f"\nsearch (count + page of 20 + highlighting), 50 queries: "
        f"median {statistics.median(values):.1f} ms, p95 {percentile(values, 95):.1f} ms, "
        f"max {max(values):.1f} ms"
    )
    for group, queries in QUERIES.items():
        group_values = [medians[q] for q in queries]
        print(f"  {group:<12} median {statistics.median(group_values):.1f} ms")
    print(f"  at most {backends.max_results()} results listed; ranking windows of that size")
    meaning_figures()

    client = Client(HTTP_HOST="127.0.0.1")

    def time_pages(label):
        page_times = []
        for q in ALL:
            client.get("/search/", {"q": q})  # warm
            started = time.perf_counter()
            response = client.get("/search/", {"q": q})
            page_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200  # noqa: S101
        with CaptureQueriesContext(connection) as ctx:
            client.get("/search/", {"q": "反渗透 海水淡化", "page": "3"})
        print(
            f"search page /search/?q=… {label}: median {statistics.median(page_times):.1f} ms, "
            f"p95 {percentile(page_times, 95):.1f} ms ({len(ctx.captured_queries)} queries)"
        )

    # The header's 热门标签 falls back to counting every tag over all articles when editors
    # chose none (news.models.hot_tags); time the page both ways.
    HotTag.objects.all().delete()
    time_pages("(no hot tags chosen: header counts tags)")
    for position, tag in enumerate(Tag.objects.order_by("name")[:5]):
        HotTag.objects.create(tag=tag, position=position)
    time_pages("(editors' hot tags)")
    reset_queries()


if __name__ == "__main__":
    main()
