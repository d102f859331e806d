"""A soak: mixed reads, searches, beacons, two editors publishing and an import every minute.

    .venv/bin/python bench/soak.py [--minutes 10]

On the same services of its own as bench/faults.py (a PostgreSQL cluster and a redis-server
on free ports, gunicorn with the production settings). Load from Python threads: random
articles, list pages, searches and the view beacon POSTed as a browser would. Meanwhile two
editors (each its own process, through the ORM as the admin saves) publish a new article or
retitle a published one every 3 seconds, and `manage.py import_reprint --publish` imports a
page of tests/fixtures/reprint/corpus every minute. gunicorn's max_requests recycling is off,
so that a leak shows in the workers' memory instead of being hidden by a restart.

Prints req/s and p99 every interval, then: p99 over the run, worker RSS after the warm-up and
at the end (growth at most 10 %), 5xx (0), lost counts (0), editor and import errors (0).
"""

import argparse
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faults  # noqa: E402
import stack  # noqa: E402

VAR = stack.ROOT / "var" / "soak"
TERMS = ["反渗透", "超滤", "膜", "海水淡化", "纳滤", "MBR", "膜技术", "零排放", "协会", "威海"]
CORPUS = stack.ROOT / "tests/fixtures/reprint/corpus"

EDITOR = """
import os, random, time, traceback
from django.utils import timezone
from news.models import Article, Section
me = os.environ["SOAK_EDITOR"]
until = time.monotonic() + float(os.environ["SOAK_SECONDS"])
sections = list(Section.objects.all())
n = 0
while time.monotonic() < until:
    n += 1
    try:
        if n % 2:
            Article.objects.create(
                section=random.choice(sections), title=f"{me}发布的第{n}篇稿件",
                body=f"<p>{me}在压力测试中发布的第{n}篇稿件,反渗透膜与超滤膜。</p>",
                status=Article.Status.PUBLISHED, published_at=timezone.now(),
            )
        else:
            article = Article.objects.published().order_by("?").first()
            article.title = article.title.split("(")[0] + f"({me}改{n})"
            article.save()
        print("ok", flush=True)
    except Exception:
        print("error " + traceback.format_exc().replace(chr(10), " | "), flush=True)
    time.sleep(3)
"""


def mix(ids, sections):
    lists = ["/", *sections, *(f"{s}?page={p}" for s in sections for p in (2, 3, 5)), "/tags/"]
    return [
        (60, "article", lambda: ("GET", f"/article/{random.choice(ids)}/")),
        (15, "list", lambda: ("GET", random.choice(lists))),
        (10, "search", lambda: ("GET", f"/search/?q={random.choice(TERMS)}")),
        (15, "beacon", lambda: ("POST", f"/article/{random.choice(ids)}/view/")),
    ]


class Editor:
    def __init__(self, env, name, seconds):
        self.ok = 0
        self.errors = []
        self.process = subprocess.Popen(  # noqa: S603
            [stack.PY, "manage.py", "shell", "-c", EDITOR], cwd=stack.ROOT, text=True,
            env={**env, "SOAK_EDITOR": name, "SOAK_SECONDS": str(seconds)},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        for line in self.process.stdout:
            if line.startswith("ok"):
                self.ok += 1
            elif line.startswith("error"):  # not the shell's own start-up lines
                self.errors.append(line.strip())

    def wait(self):
        self.process.wait(timeout=120)
        self.thread.join(timeout=10)


def importer(env, stop, section, results):
    """manage.py import_reprint --publish, one corpus page a minute."""
    pages = sorted(CORPUS.glob("*.txt"))
    random.shuffle(pages)
    for page in pages:
        done = stack.manage(env, "import_reprint", str(page), "--section", section, "--publish",
                            check=False)  # fmt: skip
        results.append((page.name, done.returncode, done.stdout.strip().splitlines()[-1:]))
        if stop.wait(60):
            return


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--interval", type=float, default=30, help="seconds per report line")
    parser.add_argument("--warmup", type=float, default=30, help="seconds before the first RSS")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="load threads")
    parser.add_argument("--articles", type=int, default=2000, help="generated articles")
    args = parser.parse_args()
    args.before = args.seconds = args.down = 0  # faults.Run's, unused here
    run = faults.Run(args, VAR, extra_env={"GUNICORN_MAX_REQUESTS": "0"})
    seconds = args.minutes * 60
    stop = threading.Event()
    imports = []
    try:
        run.up()
        print(f"own PostgreSQL on :{run.pg.port}, own Redis on :{run.redis.port}, site on "
              f":{run.site.port} ({args.workers} workers); {args.threads} load threads, "
              f"{args.minutes:g} minutes", flush=True)  # fmt: skip
        before = faults.view_total(run.pg)
        load = stack.Load(run.site.url(), mix(run.ids, run.sections), threads=args.threads)
        start = time.monotonic()
        load.start()
        editors = [Editor(run.env, name, seconds) for name in ("编辑甲", "编辑乙")]
        section = run.sections[0].split("/")[2]
        worker = threading.Thread(target=importer, args=(run.env, stop, section, imports))
        worker.start()
        time.sleep(args.warmup)
        rss_start = run.site.rss_mb()
        timeline = []
        t = start
        while t + args.interval <= start + seconds:
            time.sleep(max(0.0, t + args.interval - time.monotonic()))
            window = [r for r in load.records if t <= r[0] < t + args.interval]
            rps = len(window) / args.interval
            p99 = stack.percentile([r[3] for r in window if r[2]], 99)
            bad = sum(1 for r in window if r[2] == 0 or r[2] >= 500)
            timeline.append((t - start + args.interval, rps, p99, bad))
            print(f"{t - start + args.interval:6.0f} s: {rps:6.1f} req/s, p99 {p99:6.0f} ms, "
                  f"failed {bad}", flush=True)  # fmt: skip
            t += args.interval
        time.sleep(max(0.0, start + seconds - time.monotonic()))
        rss_end = run.site.rss_mb()
        load.stop()
        stop.set()
        worker.join(timeout=120)
        for editor in editors:
            editor.process.terminate()
            editor.wait()
        stack.manage(run.env, "flush_view_counts")
        counted = faults.view_total(run.pg) - before
        elapsed = time.monotonic() - start
    finally:
        stop.set()
        run.down()
    answered = sum(load.beacons.values())
    result = stack.summary(load.records)
    kinds = {}
    for r in load.records:
        kinds[r[1]] = kinds.get(r[1], 0) + 1
    same = sorted(set(rss_start) & set(rss_end))
    growth = (sum(rss_end[p] for p in same) / sum(rss_start[p] for p in same) - 1) if same else 0
    import_errors = [i for i in imports if i[1] != 0]
    editor_errors = [e for ed in editors for e in ed.errors]
    load_average = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
          f"{load_average}, {elapsed / 60:.1f} minutes\n")  # fmt: skip
    print(f"requests: {result['requests']} ({result['requests'] / elapsed:.0f} req/s; "
          f"{kinds}), p99 {result['p99_ms']:.0f} ms")  # fmt: skip
    rps = [row[1] for row in timeline]
    if rps:
        print(f"req/s per {args.interval:g} s: min {min(rps):.0f}, median "
              f"{stack.median(rps):.0f}, max {max(rps):.0f}; first {rps[0]:.0f}, "
              f"last {rps[-1]:.0f}")  # fmt: skip
    print(f"5xx: {result['5xx']}, no answer: {result['no_answer']}, 4xx: {result['4xx']}")
    print(f"beacons answered {answered}, counted {counted}: lost {answered - counted}")
    print(f"worker RSS MB after {args.warmup:g} s: "
          f"{', '.join(f'{v:.0f}' for v in rss_start.values())}; at the end: "
          f"{', '.join(f'{v:.0f}' for v in rss_end.values())}; growth of the same workers "
          f"{growth:+.1%} ({len(same)} of {len(rss_start)} the same processes)")  # fmt: skip
    print(f"editors: {sum(ed.ok for ed in editors)} saves, {len(editor_errors)} errors; "
          f"imports: {len(imports)}, {len(import_errors)} failed")  # fmt: skip
    for line in [*editor_errors[:3], *import_errors[:3]]:
        print(f"  {line}")
    for status, path, body in load.bad_pages:
        text = body[:500].decode(errors="replace")
        print(f"  a {status} for {path} not in the site's look:\n{text}")
    failed = (result["5xx"] or answered != counted or growth > 0.10 or editor_errors
              or import_errors)  # fmt: skip
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
