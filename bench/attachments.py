"""Benchmark attachments: text extraction of a 200-page PDF, and the document centre's req/s.

    .venv/bin/python bench/attachments.py                      # a fresh SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/att_bench .venv/bin/python bench/attachments.py

1. Writes a 200-page PDF of Chinese text (about 1,000 characters a page, every page different)
   and reads it the way an upload is read (news.extraction.extract_text: a forked child with the
   time and memory budgets), three times; prints the median time, the characters read, the
   child's peak resident memory (ru_maxrss of the children, which includes the pages it shares
   with this process) and the peak of Python allocations when read in this process
   (tracemalloc).
2. Creates --files attachments (default 2,000) on as many published articles (rows made with
   bulk_create, all pointing to one stored file) and requests /downloads/ through Django's test
   client for --seconds each: page cache on (every request after the first is a hit) and off
   (every request renders: two queries and the template). Prints requests/s and the median.
   In-process figures: no HTTP server, so they show the page's own cost, not a front's.
The database's articles and attachments are deleted first: use a database of its own.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/att_bench.sqlite3")
os.environ.setdefault("DJANGO_MEDIA_ROOT", f"{tempfile.gettempdir()}/att_bench_media")
from _setup import django_setup  # noqa: E402

django_setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from association.web.pagecache.version import bump_content_version  # noqa: E402
from news.demo.notices import simple_pdf  # noqa: E402
from news.extraction import extract_text, read_text  # noqa: E402
from news.models import Article, Attachment, Section  # noqa: E402

WORDS = (
    "反渗透 超滤 纳滤 微滤 正渗透 陶瓷膜 膜组件 海水淡化 再生水 膜污染 零排放 中空纤维 "
    "协会 标准 技术"
).split()


def many_page_pdf(pages):
    """A PDF of `pages` pages, each with 40 lines of different text, from the demo's writer."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for number in range(pages):
        lines = [
            "".join(WORDS[(number * 7 + line * 3 + i) % len(WORDS)] for i in range(8))
            for line in range(40)
        ]
        writer.append(PdfReader(io.BytesIO(simple_pdf(f"第{number + 1}页", lines[:28]))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bench_extraction(pages, runs=3):
    data = many_page_pdf(pages)
    times, text, note = [], "", ""
    for _ in range(runs):
        started = time.perf_counter()
        text, note = extract_text(data, "pdf")
        times.append(time.perf_counter() - started)
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tracemalloc.start()
    started = time.perf_counter()
    read_text(data, "pdf")
    in_process = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"PDF of {pages} pages, {len(data) / 1024:.0f} KB: {note}")
    print(f"  extract_text (child process), median of {runs}: {statistics.median(times):.2f} s")
    print(f"  characters read: {len(text)}; child's peak resident memory: {child_rss:.0f} MB")
    print(f"  read in this process: {in_process:.2f} s, peak Python allocations "
          f"{peak / 2**20:.1f} MB (tracemalloc, which slows reading down)")  # fmt: skip


def build(files):
    Attachment.objects.all().delete()
    Article.objects.all().delete()
    section, _ = Section.objects.get_or_create(slug="tzgg", defaults={"name": "通知公告"})
    sample = Attachment.objects.create(
        article=Article.objects.create(title="样本", section=section, status="published"),
        file=SimpleUploadedFile("样本.pdf", simple_pdf("样本", ["正文"])),
    )
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(title=f"关于第{i}项工作的通知", section=section, status="published",
                published_at=now - timezone.timedelta(hours=i), body="<p>见附件。</p>")
        for i in range(files)
    )  # fmt: skip
    Attachment.objects.bulk_create(
        Attachment(article=article, file=sample.file.name, name=f"附件{i}.pdf", kind="pdf",
                   size=sample.size, text_note="基准")
        for i, article in enumerate(articles)
    )  # fmt: skip
    if connection.vendor == "postgresql":  # as autovacuum would soon: the planner sees the rows
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article; ANALYZE news_attachment")
    bump_content_version()


def rate(client, url, seconds):
    latencies, started = [], time.perf_counter()
    while time.perf_counter() - started < seconds:
        t = time.perf_counter()
        response = client.get(url, headers={"User-Agent": "Mozilla/5.0 bench"})
        latencies.append(time.perf_counter() - t)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    total = time.perf_counter() - started
    return len(latencies) / total, statistics.median(latencies) * 1000


def bench_centre(files, seconds):
    build(files)
    # As in production: templates compiled once (the cached loader), the chrome kept.
    from django.template import engines

    settings.DEBUG = False
    engines._engines.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    for label, enabled in (("page cache on", True), ("page cache off", False)):
        settings.PAGE_CACHE_ENABLED = enabled
        client.get("/downloads/")
        per_second, median = rate(client, "/downloads/", seconds)
        print(f"/downloads/ ({files} files), {label}: {per_second:.0f} req/s, "
              f"median {median:.2f} ms")  # fmt: skip
    filtered, median = rate(client, "/downloads/?type=pdf&q=附件1", seconds)
    print(f"/downloads/?type=pdf&q=附件1, page cache off: {filtered:.0f} req/s, "
          f"median {median:.2f} ms")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}")
    bench_extraction(args.pages)
    bench_centre(args.files, args.seconds)


if __name__ == "__main__":
    main()
