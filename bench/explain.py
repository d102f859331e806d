"""Print the database plan of every query a public page runs, and flag sequential scans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spd_bench .venv/bin/python bench/explain.py

Each public page is rendered once through Django's test client with the page cache off; every
SELECT it ran is explained (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite). A
sequential scan of the article table (or of the tag links) is flagged and makes the exit code 1.
Pages another branch has not added yet (/tags/, /search/) are skipped when they answer 404.
"""

import argparse
import re
import sys
import time

from _setup import django_setup

django_setup(PAGE_CACHE="0")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from news.models import Article, Section  # noqa: E402

BIG_TABLES = ("news_article", "news_taggedarticle")
# Pages whose query must read every row by nature, and why that is acceptable.
WHOLE_TABLE = {
    "all tags": "the tag cloud counts every link of published articles; it runs once per "
    "content version (news.listings.tag_cloud is cached), never per visitor",
}


def public_urls():
    biggest = max(Section.objects.all(), key=lambda s: s.articles.count())
    deep_page = 2000
    newest = Article.objects.published().only("id").first()
    older = Article.objects.published().only("id").order_by("published_at", "id").first()
    published = Article.objects.published().only("id").order_by("-published_at", "-id")
    middle = published[published.count() // 2]
    tag = Article.tags.most_common().first()
    urls = [
        ("home", "/"),
        ("section p1", biggest.get_absolute_url()),
        (f"section p{deep_page}", f"{biggest.get_absolute_url()}?page={deep_page}"),
        ("article (newest)", newest.get_absolute_url()),
        ("article (middle)", middle.get_absolute_url()),
        ("article (oldest)", older.get_absolute_url()),
    ]
    if tag:
        urls += [
            ("tag p1", f"/tags/{tag.slug}/"),
            ("tag p200", f"/tags/{tag.slug}/?page=200"),
        ]
    urls += [("all tags", "/tags/"), ("search", "/search/?q=反渗透")]
    return urls


def plan(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        return "\n".join(row[0] for row in rows)
    return "\n".join(str(row[-1]) for row in rows)


def seq_scans(text):
    if connection.vendor == "postgresql":
        pattern = r"Seq Scan on ({})\b".format("|".join(BIG_TABLES))
    else:
        pattern = r"SCAN ({})\b(?! USING)".format("|".join(BIG_TABLES))
    return re.findall(pattern, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="only the summary lines")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    total_articles = Article.objects.count()
    print(f"database: {connection.vendor}, {total_articles} articles\n")
    flagged = []
    summary = []
    for name, url in public_urls():
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code == 404 and url.startswith(("/tags/?", "/tags/", "/search/")):
            if url in ("/tags/", "/search/?q=反渗透"):
                print(f"== {name} {url}: 404 (not in this branch), skipped\n")
                continue
        queries = [
            q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        slowest = 0.0
        for n, sql in enumerate(queries, 1):
            text = plan(sql)
            scans = seq_scans(text)
            times = re.findall(r"Execution Time: ([\d.]+) ms", text)
            ms = float(times[0]) if times else 0.0
            slowest = max(slowest, ms)
            if scans and name not in WHOLE_TABLE:
                flagged.append((name, url, sql))
            if not args.quiet:
                print(
                    f"== {name} {url} — query {n}/{len(queries)}"
                    + ("  ** SEQ SCAN **" if scans else "")
                )
                print(sql[:600] + ("…" if len(sql) > 600 else ""))
                print(text)
                print()
        summary.append((name, url, response.status_code, len(queries), slowest, elapsed))
    print(f"{'page':<18} {'status':>6} {'queries':>7} {'slowest query ms':>17} {'page ms':>8}  url")
    for name, url, status, count, slowest, elapsed in summary:
        print(f"{name:<18} {status:>6} {count:>7} {slowest:>17.2f} {elapsed:>8.1f}  {url}")
    if flagged:
        print(f"\nFLAGGED: {len(flagged)} queries scan a big table sequentially:")
        for name, url, sql in flagged:
            print(f"  {name} {url}: {sql[:200]}")
        sys.exit(1)
    for name, why in WHOLE_TABLE.items():
        print(f"\n{name}: may scan a whole table: {why}")
    print("\nno other sequential scan of the article or tag-link tables on any public page")


if __name__ == "__main__":
    main()
