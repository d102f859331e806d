"""Cold pages: our site against the Wagtail 8 reference, side by side in one run.

    sh bench/wagtail_ref/setup.sh                       # once: the reference (var/wagtail-venv)
    .venv/bin/python bench/cold.py --ours-db postgres://postgres@127.0.0.1:5432/spd_cold \\
        --wagtail-db wagtail_ref [--cache-url redis://127.0.0.1:6379/0]
    .venv/bin/python bench/cold.py --long-tail --big-db postgres://…/spd_100k \\
        --small-db postgres://…/spd_2k
    .venv/bin/python bench/cold.py --profile 40 --ours-db postgres://…/spd_cold

A cold page is what a crawler walking the archive gets, and every page after a publish: a
different article on every request, after a new content version, so neither the page cache
nor the article parts kept per version can answer. One run starts, on loopback:
  - our site as production runs it (gunicorn, association.settings.prod, 2 sync workers,
    DB_CONN_MAX_AGE=60, the Redis cache, the page cache on as deployed: it stores every page it
    renders but cannot serve a walked one);
  - the Wagtail reference (bench/wagtail_ref, 2 sync workers, CONN_MAX_AGE=60, no cache
    middleware: Wagtail ships none).
Both databases are read into memory first (pg_prewarm). Then rounds alternate ours/Wagtail at
each concurrency. Before each of our rounds a published article is retitled (saved as the
admin saves it), which renews the whole site's content version. Each round walks its own list
of articles with bench/walk.lua, each path asked for once; our rounds never share an article,
the reference's 2,000 are split in two halves that alternate (it keeps nothing between requests
anyway).
--long-tail runs the same walk on our site at two sizes (e.g. 100,000 and 2,000 articles).
--profile renders N cold articles and N cold home pages in this process under cProfile and
says where the time goes (SQL, cache, templates, the rest).
"""

import argparse
import cProfile
import http.client
import io
import os
import pstats
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import HOST, Gunicorn, median, percentile, site_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "cold"
PY = sys.executable
WAGTAIL_DIR = ROOT / "bench" / "wagtail_ref"
WAGTAIL_VENV = ROOT / "var" / "wagtail-venv"
WALK_SCRIPT = ROOT / "bench" / "walk.lua"
# The canonical link carries the page's own address in both sites: how an answer is matched.
MARKER = 'rel="canonical" href="https?://[^/"]+(/[^"]*)"'
WARM_UP = 200  # articles walked once per server before the measured rounds


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def our_env(database_url, cache_url, port, workers):
    """stack.py's production settings, without page files (gunicorn is asked directly here)."""
    return site_env(
        database_url,
        cache_url,
        VAR,
        extra={
            "PAGE_FILES_DIR": "",
            "VIEW_COUNT_FLUSH_SECONDS": "30",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_BIND": f"{HOST}:{port}",
        },
    )


def our_server(name, database_url, args, port):
    cache = f"{args.cache_url}{'&' if '?' in args.cache_url else '?'}prefix=cold-{name}"
    env = our_env(database_url, cache, port, args.workers)
    command = [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    return Gunicorn(command, ROOT, env, VAR / f"gunicorn-{name}.log", port, wait_seconds=120)


def wagtail_server(args, port):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(WAGTAIL_DB_NAME=args.wagtail_db, WEB_CONCURRENCY=str(args.workers),
               GUNICORN_BIND=f"{HOST}:{port}")  # fmt: skip
    command = [str(WAGTAIL_VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"]
    log = VAR / "gunicorn-wagtail.log"
    return Gunicorn(command, WAGTAIL_DIR, env, log, port, wait_seconds=120)


def connect(url):
    import psycopg2

    return psycopg2.connect(url)


def pg_url(name_or_url):
    if "://" in name_or_url:
        return name_or_url
    return f"postgres://postgres@{HOST}:5432/{name_or_url}"


def prewarm(url):
    """Every table, TOAST table and index of the database into the OS cache, then as much as
    fits into shared buffers, the largest first so that indexes and small tables stay."""
    conn = connect(url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'i', 't') AND n.nspname IN ('public', 'pg_toast') "
            "ORDER BY pg_relation_size(c.oid) DESC"
        )
        oids = [row[0] for row in cursor.fetchall()]
        blocks = 0
        for mode in ("read", "buffer"):
            for oid in oids:
                cursor.execute("SELECT pg_prewarm(%s::regclass, %s)", (oid, mode))
                blocks += cursor.fetchone()[0] if mode == "buffer" else 0
    conn.close()
    return blocks * 8 // 1024


def our_paths(url):
    conn = connect(url)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM news_article WHERE status = 'published' AND published_at <= now() "
            "AND deleted_at IS NULL ORDER BY id"
        )
        paths = [f"/article/{row[0]}/" for row in cursor.fetchall()]
    conn.close()
    return paths


def wagtail_paths(url):
    conn = connect(url)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT p.url_path FROM wagtailcore_page p JOIN refnews_articlepage a "
            "ON a.page_ptr_id = p.id WHERE p.live ORDER BY p.id"
        )
        # url_path starts with the site root's slug (/home/…), which the address leaves out.
        paths = ["/" + row[0].split("/", 2)[2] for row in cursor.fetchall()]
    conn.close()
    return paths


def plan_walks(paths, rounds, per_round, seed):
    """The warm-up list and one list per round: distinct within a list; the lists are distinct
    from each other as far as the paths go, then they repeat from the first one on."""
    rng = random.Random(seed)
    paths = list(paths)
    rng.shuffle(paths)
    warm, rest = paths[:WARM_UP], paths[WARM_UP:]
    if len(rest) < per_round:
        sys.exit(f"{len(rest)} articles after the warm-up, fewer than --walk {per_round}")
    slices = max(1, len(rest) // per_round)
    walks = [rest[(i % slices) * per_round : (i % slices + 1) * per_round] for i in range(rounds)]
    return warm, walks


def write_paths(path, paths):
    path.write_text("".join(f"{p}\n" for p in paths))
    return path


def walk(server, paths, connections, label, limit=None):
    """One walk with wrk: every path once. Returns rps, p50, p99 and the counts."""
    list_file = write_paths(VAR / f"walk-{label}.txt", paths)
    out = VAR / f"walk-{label}.out"
    out.unlink(missing_ok=True)
    limit = limit or max(120, len(paths) // 2)  # seconds: slower than 2 req/s is cut short
    env = {**os.environ, "WALK_PATHS": str(list_file), "WALK_OUT": str(out),
           "WALK_MARKER": MARKER, "WALK_FILLER": "/robots.txt"}  # fmt: skip
    command = [shutil.which("wrk"), "-t1", "-c", str(connections), "-d", f"{limit}s",
               "--timeout", "20s", "-s", str(WALK_SCRIPT), server.url("/")]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + limit + 5
    while not out.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # wrk prints its summary and exits
    text = process.communicate(timeout=30)[0]
    if not out.exists():
        return {"complete": False, "rps": 0.0, "p50": 0.0, "p99": 0.0, "latencies": [],
                "answered": 0, "failed": 0, "unmatched": 0, "wrk": text[-500:]}  # fmt: skip
    head, *lines = out.read_text().splitlines()
    seconds, answered, failed, unmatched = head.split()
    latencies = [float(line) for line in lines]
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    return {
        "complete": True,
        "rps": int(answered) / float(seconds),
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "latencies": latencies,
        "answered": int(answered),
        "failed": int(failed),
        "unmatched": int(unmatched),
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


class Renewer:
    """A process of our site's own settings and cache that retitles a published article on
    request, as the admin does; it answers with the content version before and after."""

    def __init__(self, server):
        self.process = subprocess.Popen(  # noqa: S603
            [PY, str(Path(__file__).resolve()), "--renewer"], cwd=ROOT, env=server.env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.ready = self.process.stdout.readline().strip()

    def renew(self):
        self.process.stdin.write("renew\n")
        self.process.stdin.flush()
        before, after = self.process.stdout.readline().split()
        return before != after

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def renewer_main():
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from association.web.pagecache import version
    from news.models import Article

    def token():
        try:
            return str(version.current_version().get("token"))
        except Exception:  # noqa: BLE001 - the version's shape is not this bench's business
            return "unknown"

    print("ready", flush=True)
    for _ in sys.stdin:
        before = token()
        article = Article.objects.published().order_by("-published_at").first()
        # A retitle, saved in full as the admin saves it: a title shows on other pages, so it
        # renews the whole site's version (a body edit would renew only the article's own page).
        mark = "·"
        article.title = (
            article.title[: -len(mark)] if article.title.endswith(mark) else article.title + mark
        )
        article.save()
        print(before, token(), flush=True)


def get(server, path):
    conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Host": HOST})
    response = conn.getresponse()
    body = response.read()
    ms = (time.perf_counter() - started) * 1000
    conn.close()
    return response.status, body, ms


def rounds_table(pair, results, args):
    """results[(name, connections)] = [walk, …]; pair = (a, b): the ratio is a / b."""
    a, b = pair
    lines = []
    for c in args.connections:
        ra, rb = results[(a, c)], results[(b, c)]
        rps_a = [r["rps"] for r in ra]
        rps_b = [r["rps"] for r in rb]
        pooled_a = [ms for r in ra for ms in r["latencies"]]
        pooled_b = [ms for r in rb for ms in r["latencies"]]
        lines.append(
            f"-c{c:<3} {a}: {' '.join(f'{x:.0f}' for x in rps_a)} req/s (median "
            f"{median(rps_a):.0f}), p50 {percentile(pooled_a, 50):.0f} ms, p99 "
            f"{percentile(pooled_a, 99):.0f} ms | {b}: {' '.join(f'{x:.0f}' for x in rps_b)} "
            f"req/s (median {median(rps_b):.0f}), p50 {percentile(pooled_b, 50):.0f} ms, p99 "
            f"{percentile(pooled_b, 99):.0f} ms | ratio {median(rps_a) / median(rps_b):.2f}x"
        )
        bad = [(n, r) for n, rs in ((a, ra), (b, rb)) for r in rs
               if not r["complete"] or r["failed"] or r["unmatched"]]  # fmt: skip
        for name, r in bad:
            lines.append(f"     {name}: incomplete or failed walk: {r}")
    return lines


def run_rounds(servers, walks, renewers, args):
    """Alternate the servers round by round at each concurrency."""
    results = {}
    index = 0
    for c in args.connections:
        for _ in range(args.rounds):
            for name, server in servers.items():
                if name in renewers and not renewers[name].renew():
                    print(f"  note: the save did not renew {name}'s content version")
                time.sleep(0.5)  # the version reaches every worker at its next request
                result = walk(server, walks[name][index], c, f"{name}-{index}")
                results.setdefault((name, c), []).append(result)
                print(f"  -c{c} {name}: {result['rps']:.0f} req/s, p50 {result['p50']:.0f} ms, "
                      f"p99 {result['p99']:.0f} ms, {result['answered']} pages "
                      f"(load {loadavg()})", flush=True)  # fmt: skip
            index += 1
    return results


def cold_vs_wagtail(args):
    ours_url, wagtail_url = pg_url(args.ours_db), pg_url(args.wagtail_db)
    ours = our_server("ours", ours_url, args, args.port)
    wagtail = wagtail_server(args, args.port + 1)
    collectstatic(ours)
    total = args.rounds * len(args.connections)
    paths = {"ours": our_paths(ours_url), "wagtail": wagtail_paths(wagtail_url)}
    plans = {name: plan_walks(p, total, args.walk, args.seed) for name, p in paths.items()}
    print(f"articles: ours {len(paths['ours'])}, Wagtail {len(paths['wagtail'])}; "
          f"{total} rounds each of {args.walk} articles (load {loadavg()})")  # fmt: skip
    for name, url in (("ours", ours_url), ("wagtail", wagtail_url)):
        started = time.monotonic()
        print(f"prewarm {name}: {prewarm(url)} MB in shared buffers, "
              f"{time.monotonic() - started:.1f}s")  # fmt: skip
    servers = {"ours": ours, "wagtail": wagtail}
    renewers = {}
    try:
        for server in servers.values():
            server.start()
        renewers["ours"] = Renewer(ours)
        for name, server in servers.items():
            warm = walk(server, plans[name][0], 8, f"{name}-warm")
            status, body, _ = get(server, plans[name][1][0][0])
            print(f"warm-up {name}: {warm['answered']} pages, {warm['rps']:.0f} req/s; "
                  f"an article page is {len(body)} bytes (status {status})")  # fmt: skip
        walks = {name: plan[1] for name, plan in plans.items()}
        results = run_rounds(servers, walks, renewers, args)
        home = cold_home(ours, wagtail, renewers["ours"], args.home)
    finally:
        for renewer in renewers.values():
            renewer.stop()
        for server in servers.values():
            server.stop()
    print(f"\nCold articles, each path once, {args.rounds} rounds each, wrk -t1, "
          f"{args.workers} workers each (load {loadavg()}):")  # fmt: skip
    for line in rounds_table(("ours", "wagtail"), results, args):
        print(line)
    print(home)


def cold_home(ours, wagtail, renewer, times):
    """The home page, one request at a time: ours right after a save each time (cold), the
    reference as it always is."""
    mine, theirs = [], []
    for _ in range(times):
        renewer.renew()
        time.sleep(0.1)
        mine.append(get(ours, "/")[2])
        theirs.append(get(wagtail, "/")[2])
    return (
        f"Cold home page, {times} single requests: ours median {median(mine):.0f} ms (p90 "
        f"{percentile(mine, 90):.0f}), Wagtail median {median(theirs):.0f} ms (p90 "
        f"{percentile(theirs, 90):.0f}), ratio {median(theirs) / median(mine):.2f}x faster"
    )


def collectstatic(server):
    if not (VAR / "static" / "staticfiles.json").exists():
        subprocess.run(  # noqa: S603
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT, env=server.env, check=True,
        )  # fmt: skip


def long_tail(args):
    big_url, small_url = pg_url(args.big_db), pg_url(args.small_db)
    big = our_server("big", big_url, args, args.port + 2)
    small = our_server("small", small_url, args, args.port + 3)
    collectstatic(big)
    total = args.rounds * len(args.connections)
    paths = {"big": our_paths(big_url), "small": our_paths(small_url)}
    plans = {name: plan_walks(p, total, args.walk, args.seed) for name, p in paths.items()}
    print(f"articles: big {len(paths['big'])}, small {len(paths['small'])} (load {loadavg()})")
    for name, url in (("big", big_url), ("small", small_url)):
        started = time.monotonic()
        print(f"prewarm {name}: {prewarm(url)} MB in shared buffers, "
              f"{time.monotonic() - started:.1f}s")  # fmt: skip
    servers = {"big": big, "small": small}
    renewers = {}
    try:
        for server in servers.values():
            server.start()
        renewers = {name: Renewer(server) for name, server in servers.items()}
        for name, server in servers.items():
            warm = walk(server, plans[name][0], 8, f"{name}-warm")
            print(f"warm-up {name}: {warm['answered']} pages, {warm['rps']:.0f} req/s")
        walks = {name: plan[1] for name, plan in plans.items()}
        results = run_rounds(servers, walks, renewers, args)
    finally:
        for renewer in renewers.values():
            renewer.stop()
        for server in servers.values():
            server.stop()
    print(f"\nLong tail, each path once, {args.rounds} rounds each (load {loadavg()}):")
    for line in rounds_table(("big", "small"), results, args):
        print(line)


def profile(args):
    """N cold articles and N cold home pages rendered here, with our production settings."""
    url = pg_url(args.ours_db)
    cache = f"{args.cache_url}{'&' if '?' in args.cache_url else '?'}prefix=cold-profile"
    os.environ.update(our_env(url, cache, args.port, args.workers))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache.backends import redis as redis_backend
    from django.db import connection
    from django.template.backends import django as template_backend
    from django.test import Client

    from association.web.pagecache.version import bump_content_version

    spent = {"sql": 0.0, "cache": 0.0, "templates": 0.0, "queries": 0}

    def sql_timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - started
            spent["queries"] += 1

    def timed(function, key, depth=[0]):  # noqa: B006 - the shared nesting depth
        def wrapper(*a, **k):
            depth[0] += 1
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                depth[0] -= 1
                if depth[0] == 0 or key != "templates":
                    spent[key] += time.perf_counter() - started

        return wrapper

    client_class = redis_backend.RedisCacheClient
    for name in ("get", "set", "add", "get_many", "set_many", "delete", "incr", "touch"):
        setattr(client_class, name, timed(getattr(client_class, name), "cache", [0]))
    template_backend.Template.render = timed(template_backend.Template.render, "templates")
    client = Client(HTTP_HOST=HOST)
    paths = our_paths(url)
    random.Random(args.seed).shuffle(paths)
    client.get(paths.pop())  # imports and compiled templates are not part of the cold cost
    report = []
    for label, make_path in (("article", paths.pop), ("home", lambda: "/")):
        for key in spent:
            spent[key] = 0
        profiler = cProfile.Profile()
        total = cpu = 0.0
        within = dict.fromkeys(spent, 0.0)  # only what the requests themselves spent
        for _ in range(args.profile):
            bump_content_version()
            path = make_path()
            before = dict(spent)
            started, started_cpu = time.perf_counter(), time.process_time()
            profiler.enable()
            with connection.execute_wrapper(sql_timer):
                response = client.get(path)
            profiler.disable()
            total += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
            for key in spent:
                within[key] += spent[key] - before[key]
            assert response.status_code == 200, (path, response.status_code)  # noqa: S101
        n = args.profile
        rest = total - within["sql"] - within["cache"]
        ms = {key: value / n * 1000 for key, value in within.items()}
        report.append(
            f"cold {label}: {total / n * 1000:.1f} ms a request in-process (this process's "
            f"CPU {cpu / n * 1000:.1f} ms, under cProfile), of it SQL {ms['sql']:.1f} ms "
            f"({within['queries'] / n:.0f} queries), cache {ms['cache']:.1f} ms, Python "
            f"{rest / n * 1000:.1f} ms (templates {ms['templates']:.1f} ms including the SQL of "
            "lazy lists)"
        )
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(r"/(news|association)/", 20)  # our own code
        (VAR / f"profile-{label}.txt").write_text(text.getvalue())
        report.append(f"  top by own time: see {VAR.relative_to(ROOT)}/profile-{label}.txt")
    print("\n".join(report))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ours-db", default="spd_cold", help="database name or URL, ~6,000 articles"
    )
    parser.add_argument("--wagtail-db", default="wagtail_ref", help="the reference's database")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/0", help="our cache")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server and concurrency")
    parser.add_argument("--connections", default="8,32", help="wrk connections, comma-separated")
    parser.add_argument("--walk", type=int, default=900, help="articles per round")
    parser.add_argument("--home", type=int, default=30, help="cold home page requests")
    parser.add_argument("--port", type=int, default=24520, help="first of 4 ports")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long-tail", action="store_true", help="--big-db against --small-db")
    parser.add_argument("--big-db", default="spd_100k")
    parser.add_argument("--small-db", default="spd_2k")
    parser.add_argument("--profile", type=int, default=0, help="profile N cold requests instead")
    parser.add_argument("--renewer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.renewer:
        return renewer_main()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # the servers stop too
    args.connections = [int(c) for c in args.connections.split(",")]
    VAR.mkdir(parents=True, exist_ok=True)
    if args.profile:
        return profile(args)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    print(f"bench/cold.py {' '.join(sys.argv[1:])}  (load {loadavg()})")
    if args.long_tail:
        return long_tail(args)
    if not (WAGTAIL_VENV / "bin" / "gunicorn").exists():
        sys.exit("the Wagtail reference is missing: sh bench/wagtail_ref/setup.sh")
    return cold_vs_wagtail(args)


if __name__ == "__main__":
    main()
