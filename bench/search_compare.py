"""Time two search codes side by side in one process, alternating query by query.

    DATABASE_URL=sqlite:///var/after.sqlite3 .venv/bin/python bench/search_compare.py \
        --before var/before.sqlite3 --before-code var/backends_before.py --rounds 5

"after" is this code on DATABASE_URL; "before" is the database given (SQLite) with, when
given, another version of news/search/backends.py (e.g. `git show main:news/search/backends.py`)
in place of this one. On a shared machine, figures from runs minutes apart differ more than
the codes do; alternating every query gives both the same load. Each query's median over the
rounds is taken, then the median and p95 over the 50 queries of search_bench.py. It also checks
that both list the same articles in the same order for every query.
"""

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "association.settings.dev")

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from search_bench import ALL, MEANING, index_size, percentile  # noqa: E402  (sets Django up)

from news.search import backends, engine  # noqa: E402


def load_backends(path):
    spec = importlib.util.spec_from_file_location("news.search.backends_before", path)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "news.search"  # its relative imports are this code's models, filters
    spec.loader.exec_module(module)
    return module


class Side:
    def __init__(self, label, wrapper, code):
        self.label, self.wrapper, self.code = label, wrapper, code
        self.times = {}

    def use(self):
        connections._connections.default = self.wrapper  # django.db.connection follows it
        engine.backends = self.code

    def listed(self, q):
        self.use()
        results = engine.search(q)
        return results.count(), [a.pk for a in results[0 : results.count()]]

    def timed(self, q):
        self.use()
        started = time.perf_counter()
        results = engine.search(q)
        results.count()
        results[0:20]
        self.times.setdefault(q, []).append((time.perf_counter() - started) * 1000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the other SQLite database file")
    parser.add_argument("--before-code", help="another news/search/backends.py for it")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings.DEBUG = False

    after_wrapper = connections["default"]
    before_wrapper = type(after_wrapper)(
        {**after_wrapper.settings_dict, "NAME": args.before}, "default"
    )
    code = load_backends(args.before_code) if args.before_code else backends
    before, after = Side("before", before_wrapper, code), Side("after", after_wrapper, backends)
    sizes = {}
    for side in (before, after):
        side.use()
        sizes[side.label] = index_size()
    print(
        f"index size: before {sizes['before'] / 2**20:.1f} MiB, "
        f"after {sizes['after'] / 2**20:.1f} MiB"
    )
    print(f"load average at start: {os.getloadavg()}")

    differ = []
    for q in ALL + MEANING:
        if before.listed(q) != after.listed(q):
            differ.append(q)
    total = len(ALL + MEANING)
    print(f"same articles in the same order: {total - len(differ)} of {total} queries")
    if differ:
        print("  differ:", ", ".join(differ))

    for q in ALL:  # warm both
        before.timed(q)
        after.timed(q)
    before.times.clear()
    after.times.clear()
    for r in range(args.rounds):
        for q in ALL:
            pair = (before, after) if r % 2 == 0 else (after, before)
            for side in pair:
                side.timed(q)
    print(f"load average at end: {os.getloadavg()}")
    print(f"\n{'query':<16}{'before':>9}{'after':>9}  ms, median of {args.rounds}")
    for q in ALL:
        print(
            f"{q:<16}{statistics.median(before.times[q]):>9.1f}{statistics.median(after.times[q]):>9.1f}"
        )
    for side in (before, after):
        medians = [statistics.median(side.times[q]) for q in ALL]
        print(
            f"{side.label}: 50 queries median {statistics.median(medians):.1f} ms, "
            f"p95 {percentile(medians, 95):.1f} ms, max {max(medians):.1f} ms"
        )
    connections._connections.default = after_wrapper


if __name__ == "__main__":
    main()
