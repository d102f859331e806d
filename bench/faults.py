"""Faults under load: does the site keep answering, lose no count, and come back by itself?

    .venv/bin/python bench/faults.py [--only sigkill,redis,postgres,slow,redis-crash,disk]

Starts its OWN PostgreSQL cluster (initdb under var/faults/, a free port) and its OWN
redis-server (a free port), so restarting them harms nobody else on the machine; the site
runs under gunicorn with the production settings (Redis cache, persistent connections, page
files) and the nginx front of deploy/nginx/newsroom.conf. Needs nginx, redis-server and
PostgreSQL 15's binaries; the full-disk fault mounts a small tmpfs when run as root.

For each fault, under load from Python threads (random articles, list pages and the view
beacon POSTed as a browser would), it prints: requests, 5xx (and how many were the site's
own 503 page), requests with no answer at all (refused or reset connections), lost counts
(beacon answers 204 against view_count in the database after `manage.py flush_view_counts`)
and the time back to normal (from the fault until no request fails and the rate is at least
half the rate before it).
"""

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stack  # noqa: E402

VAR = stack.ROOT / "var" / "faults"
FAULTS = ("sigkill", "redis", "postgres", "disk", "slow", "redis-crash")


def view_total(pg):
    return stack.sql(pg.url(), "SELECT coalesce(sum(view_count), 0) FROM news_article")[0][0]


def article_ids(pg, limit=5000):
    rows = stack.sql(
        pg.url(),
        "SELECT id FROM news_article WHERE status = 'published' AND deleted_at IS NULL "
        "AND published_at <= now() ORDER BY random() LIMIT %s",
        [limit],
    )
    return [r[0] for r in rows]


def mix(ids, sections):
    lists = ["/", *sections, "/tags/"]
    return [
        (70, "article", lambda: ("GET", f"/article/{random.choice(ids)}/")),
        (15, "list", lambda: ("GET", random.choice(lists))),
        (15, "beacon", lambda: ("POST", f"/article/{random.choice(ids)}/view/")),
    ]


class Run:
    def __init__(self, args, var=VAR, extra_env=None):
        self.args, self.var, self.extra_env = args, var, extra_env
        self.pg = stack.Postgres(var)
        self.redis = stack.Redis(var)
        self.pages = var / "pages"
        self.env = None
        self.site = None
        self.front = None
        self.rows = []

    def up(self):
        shutil.rmtree(self.var, ignore_errors=True)
        self.var.mkdir(parents=True)
        self.pg.init()
        self.pg.start()
        self.pg.create_database()
        self.redis.start()
        self.pages.mkdir()
        self.env = stack.site_env(
            self.pg.url(), f"{self.redis.url()}?prefix=site", self.var, self.extra_env
        )
        stack.prepare_site(self.env, self.args.articles)
        self.site = stack.Site(self.env, self.var, self.args.workers)
        self.site.start()
        self.front = stack.Front(self.var, self.site, self.pages)
        self.front.start()
        self.ids = article_ids(self.pg)
        slugs = [r[0] for r in stack.sql(self.pg.url(), "SELECT slug FROM news_section")]
        self.sections = [f"/section/{s}/" for s in slugs]

    def down(self):
        for thing in (self.front, self.site, self.redis, self.pg):
            if thing is not None:
                try:
                    thing.stop()
                except Exception as error:  # noqa: BLE001 - stop the others all the same
                    print(f"stopping {thing.__class__.__name__}: {error}")
        if Path(self.pages).is_mount():
            subprocess.run([shutil.which("umount"), str(self.pages)], check=False)  # noqa: S603

    def under_load(self, name, inject, base=None, settle=None, threads=8):
        """Run the load, call inject() after a few seconds, keep going, then count."""
        before = view_total(self.pg)
        load = stack.Load(base or self.site.url(), mix(self.ids, self.sections), threads=threads)
        load.start()
        time.sleep(self.args.before)
        t_fault = time.monotonic()
        note = inject() or ""
        time.sleep(self.args.seconds)
        load.stop()
        if settle:
            settle()
        stack.manage(self.env, "flush_view_counts")
        counted = view_total(self.pg) - before
        answered = sum(load.beacons.values())
        result = stack.summary(load.records, t_fault)
        styled = sum(1 for r in load.records if r[2] >= 500) - len(load.bad_pages)
        codes = Counter(r[2] for r in load.records if r[2] >= 500)
        if codes:
            note += f" 5xx by status: {dict(sorted(codes.items()))}."
        row = {"fault": name, **result, "styled_5xx": styled, "beacons": answered,
               "lost": answered - counted, "note": note}  # fmt: skip
        self.rows.append(row)
        back = "—" if result.get("back_s") is None else f"{result['back_s']:.1f} s"
        print(f"{name}: {result['requests']} requests, {result['5xx']} 5xx "
              f"({styled} the site's own page), {result['no_answer']} no answer, "
              f"{answered} beacons answered, {answered - counted} counts lost, back to normal "
              f"after {back}, p99 {result['p99_ms']:.0f} ms. {note}", flush=True)  # fmt: skip
        print(f"  answered per second (/failed!), fault at {result['fault_at_s']:.1f} s: "
              f"{result['per_second']}")  # fmt: skip
        for status, path, body in load.bad_pages:
            print(
                f"  a {status} for {path} not in the site's look:\n{body.decode(errors='replace')}"
            )
        return row

    # The faults -----------------------------------------------------------------------------

    def sigkill(self):
        def inject():
            workers = self.site.workers()
            for pid in workers:
                os.kill(pid, signal.SIGKILL)
            return f"SIGKILL to all {len(workers)} workers at once."

        return self.under_load("SIGKILL of every gunicorn worker", inject)

    def redis_restart(self):
        def inject():
            self.redis.stop()
            time.sleep(self.args.down)
            self.redis.start()
            return f"redis-server stopped (SIGTERM, snapshot written), {self.args.down} s down."

        return self.under_load("Redis restart", inject)

    def redis_crash(self):
        def inject():
            self.redis.process.kill()
            self.redis.process.wait()
            time.sleep(self.args.down)
            self.redis.start()
            return (f"redis-server SIGKILLed, {self.args.down} s down: what it held since "
                    f"its last snapshot is gone (default snapshots, no appendonly).")  # fmt: skip

        row = self.under_load("Redis crash (SIGKILL; snapshots only)", inject)
        row["expected_loss"] = True  # Redis's persistence, not the site's: see docs/deploy.md
        return row

    def postgres_restart(self):
        def inject():
            self.pg.stop()
            time.sleep(self.args.down)
            self.pg.start()
            return f"PostgreSQL fast shutdown (sessions cut), {self.args.down} s down."

        return self.under_load("PostgreSQL restart", inject)

    def full_disk(self):
        """The page files on a small filesystem that fills up while pages keep being written."""
        self.front.stop()
        self.site.stop()
        shutil.rmtree(self.pages, ignore_errors=True)
        self.pages.mkdir()
        how = "read-only directory (not root: no tmpfs)"
        if os.geteuid() == 0:
            subprocess.run(  # noqa: S603
                ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(self.pages)],  # noqa: S607
                check=True,
            )
            how = "a 4 MB tmpfs filled up"
        self.site.start()
        self.front.start()
        publisher = Publisher(self.env, self.ids, times=2)

        def inject():
            if os.geteuid() == 0:
                filler = self.pages / "filler"
                with open(filler, "wb") as out:
                    try:
                        while True:
                            out.write(b"\0" * 65536)
                    except OSError:
                        pass
            else:
                os.chmod(self.pages, 0o555)  # noqa: S103 - read-only on purpose
            publisher.start()  # a publish on the full disk: the link must switch or go
            return f"page files: {how}; an article retitled twice meanwhile."

        def settle():
            publisher.stop()
            usage = shutil.disk_usage(self.pages)
            written = f"{usage.used / usage.total:.0%}"
            print(f"  page-file disk at {written} after the run; {publisher.saves} publishes")

        return self.under_load("full disk for the page files (via the front)", inject,
                               base=self.front.url(), settle=settle)  # fmt: skip

    def slow_clients(self):
        """slowloris: many connections sending their headers a line at a time."""
        count = self.args.slow_clients
        stopping = threading.Event()

        def slowloris(port):
            socks = []
            for _ in range(count):
                try:
                    s = socket.create_connection((stack.HOST, port), timeout=5)
                    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    socks.append(s)
                except OSError:
                    break
            while not stopping.wait(2):
                for s in list(socks):
                    try:
                        s.sendall(b"X-Slow: %d\r\n" % random.randint(1, 9999))
                    except OSError:
                        socks.remove(s)
            for s in socks:
                s.close()

        rows = []
        for label, port, base in (
            ("slow clients behind the nginx front", self.front.port, self.front.url()),
            ("slow clients straight at gunicorn (no front: the reference)", self.site.port,
             self.site.url()),
        ):  # fmt: skip
            stopping.clear()
            thread = threading.Thread(target=slowloris, args=(port,), daemon=True)

            def inject(thread=thread):
                thread.start()
                return f"{count} slowloris connections, a header line every 2 s."

            rows.append(self.under_load(label, inject, base=base, settle=stopping.set))
            thread.join(timeout=30)
        return rows


class Publisher:
    """An editor who retitles a published article every second (each renews the version)."""

    def __init__(self, env, ids, times=60):
        self.env, self.ids, self.times = env, ids, times
        self.saves = 0
        self.stopping = threading.Event()
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        script = (
            "import os, time\n"
            "from news.models import Article\n"
            "pk = int(os.environ['FAULTS_ARTICLE'])\n"
            "for n in range(int(os.environ['FAULTS_PUBLISHES'])):\n"
            "    a = Article.objects.get(pk=pk)\n"
            "    a.title = a.title.split('(')[0] + f'({n})'\n"
            "    a.save()\n"
            "    print(n, flush=True)\n"
            "    time.sleep(1)\n"
        )
        runs = self.times
        process = subprocess.Popen(  # noqa: S603
            [stack.PY, "manage.py", "shell", "-c", script], cwd=stack.ROOT, stdout=subprocess.PIPE,
            env={**self.env, "FAULTS_ARTICLE": str(self.ids[0]), "FAULTS_PUBLISHES": str(runs)},
            text=True,
        )  # fmt: skip
        for _ in process.stdout:
            self.saves += 1
            if self.stopping.is_set():
                break
        process.terminate()
        process.wait()

    def stop(self):
        self.stopping.set()
        if self.thread:
            self.thread.join(timeout=30)


def table(rows):
    lines = [
        "| fault | requests | 5xx (site's 503 page) | no answer | beacons answered | lost counts "
        "| back to normal | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        back = "—" if r.get("back_s") is None else f"{r['back_s']:.1f} s"
        lines.append(
            f"| {r['fault']} | {r['requests']} | {r['5xx']} ({r['styled_5xx']}) | "
            f"{r['no_answer']} | {r['beacons']} | {r['lost']} | {back} | {r['p99_ms']:.0f} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated, of {','.join(FAULTS)}")
    parser.add_argument("--seconds", type=float, default=12, help="load after each fault")
    parser.add_argument("--before", type=float, default=4, help="load before each fault")
    parser.add_argument("--down", type=float, default=3, help="seconds Redis/PostgreSQL are down")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--articles", type=int, default=2000, help="generated articles")
    parser.add_argument("--slow-clients", type=int, default=300)
    args = parser.parse_args()
    for tool in ("nginx", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install nginx redis-server")
    wanted = args.only.split(",") if args.only else FAULTS
    run = Run(args)
    try:
        run.up()
        print(f"own PostgreSQL on :{run.pg.port}, own Redis on :{run.redis.port}, site on "
              f":{run.site.port} ({args.workers} workers), front on :{run.front.port}; "
              f"load: 8 threads", flush=True)  # fmt: skip
        steps = {"sigkill": run.sigkill, "redis": run.redis_restart,
                 "postgres": run.postgres_restart, "slow": run.slow_clients,
                 "disk": run.full_disk, "redis-crash": run.redis_crash}  # fmt: skip
        order = ("sigkill", "redis", "postgres", "slow", "redis-crash", "disk")  # disk remounts
        for name in order:
            if name in wanted:
                steps[name]()
    finally:
        run.down()
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")  # fmt: skip
    print(table(run.rows))
    bad = [
        r
        for r in run.rows
        if (r["lost"] > 0 and not r.get("expected_loss")) or r["5xx"] - r["styled_5xx"]
    ]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
