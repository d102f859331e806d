"""Cold pages in one process: wall time, CPU time and queries of a page nothing is kept for.

    DATABASE_URL=postgres://… CACHE_URL=redis://127.0.0.1:6379/11 \
      .venv/bin/python bench/cold_profile.py [--count 300] [--rounds 3] [--ref main]
    … bench/cold_profile.py --profile article      # cProfile of cold articles, top functions

A cold article is one rendered with no part of it kept: the crawler walking the archive (a
different article on every request, the content version renewed once before the walk) and
"after a publish" (the version renewed before every request, so the site chrome is cold too).
The cold home page is the home page under a new version every time. Each request goes through
the WSGI handler as gunicorn calls it (production settings, every middleware, the page cache
on: it misses), timed with perf_counter (wall) and process_time (CPU); queries are counted
with an execute wrapper. The version is renewed outside the timed part.

The reference is another tree's code (--ref, a git revision: `git archive` into var/bench/)
run on the same database, the same cache and the same articles, alternating with this tree
round by round in child processes: read the ratios, this machine is shared and noisy. A fixed
pure-Python loop is timed in every child too ("calibration"), to show how busy the machine was.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
SCENARIOS = ("crawl", "publish", "home")


def env_for_child(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="association.settings.prod",
        DJANGO_SECRET_KEY="bench-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(VAR / "static"),
        DB_CONN_MAX_AGE="60",
        DJANGO_LOG_LEVEL="ERROR",
        PAGE_CACHE="1",
    )
    env.pop("PAGE_FILES_DIR", None)
    env.setdefault("CACHE_URL", "redis://127.0.0.1:6379/11")
    return env


def reference_tree(revision):
    """The code of revision, unpacked once into var/bench/ref-<sha>/."""
    sha = subprocess.check_output(["git", "rev-parse", revision], cwd=ROOT, text=True).strip()  # noqa: S603, S607
    target = VAR / f"ref-{sha[:10]}"
    if not target.exists():
        target.mkdir(parents=True)
        command = ["git", "archive", sha]
        archive = subprocess.run(command, cwd=ROOT, check=True, capture_output=True).stdout  # noqa: S603, S607
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)  # noqa: S603, S607
    return target, sha[:10]


def calibration():
    """ms for a fixed pure-Python workload: how fast this machine is right now."""
    start = time.process_time()
    total = 0
    for i in range(200_000):
        total += len(str(i)) * (i & 7)
    return (time.process_time() - start) * 1000


# ----------------------------------------------------------------------------- in the child


def child(args):
    sys.path.insert(0, args.code)
    os.chdir(args.code)
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory

    from association.web.pagecache.version import bump_content_version
    from news.models import Article

    app = WSGIHandler()
    factory = RequestFactory()
    ids = list(Article.objects.published().order_by("id").values_list("id", flat=True))
    random.Random(args.seed).shuffle(ids)
    queries = [0]
    redis_calls = count_redis()

    def counter(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    def call(path, environ=None):
        environ = environ or factory.get(path).environ
        result = {}

        def start_response(status, headers, exc_info=None):
            result["status"] = int(status.split()[0])
            result["cache"] = dict(headers).get("X-Page-Cache", "")

        body = b"".join(app(environ, start_response))
        return result, len(body)

    # Warm the process (imports, templates, connections) on articles the walk will not ask.
    warm, walk = ids[: args.warm], ids[args.warm : args.warm + args.count]
    for pk in warm:
        call(f"/article/{pk}/")
    call("/")

    out = {"calibration_ms": calibration()}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    for scenario in args.scenarios:
        paths = ["/"] * args.count if scenario == "home" else [f"/article/{pk}/" for pk in walk]
        bump_content_version()
        if scenario == "crawl":
            call(f"/article/{warm[0]}/")  # the chrome of this version, as after the first page
        walls, cpus, counts, sizes, bad = [], [], [], [], 0
        trips, clients = [], []
        with connection.execute_wrapper(counter):
            for path in paths:
                if scenario != "crawl":
                    bump_content_version()
                queries[0] = 0
                redis_calls.update(trips=0, clients=0)
                environ = factory.get(path).environ
                if profiler:
                    profiler.enable()
                wall, cpu = time.perf_counter(), time.process_time()
                result, size = call(path, environ)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                if profiler:
                    profiler.disable()
                if result["status"] != 200 or result["cache"] != "miss":
                    bad += 1
                walls.append(wall * 1000)
                cpus.append(cpu * 1000)
                counts.append(queries[0])
                sizes.append(size)
                trips.append(redis_calls["trips"])
                clients.append(redis_calls["clients"])
        out[scenario] = summary(walls, cpus, counts, sizes, bad)
        out[scenario].update(
            redis_trips=statistics.fmean(trips), redis_clients=statistics.fmean(clients)
        )
    if profiler:
        import pstats

        profiler.dump_stats(VAR / "cold.prof")  # for pstats or snakeviz
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats(args.sort).print_stats(args.top)
    print(json.dumps(out))


def count_redis():
    """Redis round trips (commands or pipelines sent) and redis.Redis clients built."""
    calls = {"trips": 0, "clients": 0}
    try:
        import redis
        from redis.connection import AbstractConnection
    except ImportError:
        return calls
    send, build = AbstractConnection.send_packed_command, redis.Redis.__init__

    def sending(self, *args, **kwargs):
        calls["trips"] += 1
        return send(self, *args, **kwargs)

    def building(self, *args, **kwargs):
        calls["clients"] += 1
        return build(self, *args, **kwargs)

    AbstractConnection.send_packed_command, redis.Redis.__init__ = sending, building
    return calls


def summary(walls, cpus, counts, sizes, bad):
    def p(values, q):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "n": len(walls),
        "wall_median": statistics.median(walls),
        "wall_p90": p(walls, 0.9),
        "wall_p99": p(walls, 0.99),
        "cpu_mean": statistics.fmean(cpus),
        "cpu_median": statistics.median(cpus),
        "queries": statistics.fmean(counts),
        "queries_max": max(counts),
        "bytes": statistics.fmean(sizes),
        "not_200_miss": bad,
    }


# ----------------------------------------------------------------------------- the parent


def run_child(args, code, profile=False):
    command = [
        sys.executable, __file__, "--child", "--code", str(code), "--count", str(args.count),
        "--warm", str(args.warm), "--seed", str(args.seed), "--scenarios", ",".join(args.scenarios),
    ]  # fmt: skip
    if profile:
        command += ["--profile", "--sort", args.sort, "--top", str(args.top)]
    done = subprocess.run(command, env=env_for_child(args), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"child for {code} failed:\n{done.stderr[-3000:]}")
    if profile:
        sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def collect_static(args):
    if (VAR / "static" / "staticfiles.json").exists():
        return
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env_for_child(args), check=True,
    )  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300, help="requests per scenario and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ref", default="main", help="git revision measured alongside")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--profile", action="store_true", help="cProfile this tree, no ref")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--code", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.scenarios = [s for s in args.scenarios.split(",") if s]
    if args.child:
        return child(args)

    VAR.mkdir(parents=True, exist_ok=True)
    collect_static(args)
    database = os.environ.get("DATABASE_URL", "sqlite (db.sqlite3)").split("@")[-1]
    print(f"database {database}, cache {env_for_child(args)['CACHE_URL']}, {args.count} requests")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    if args.profile:
        print(json.dumps(run_child(args, ROOT, profile=True), indent=1))
        return None
    ref_code, ref_sha = reference_tree(args.ref)
    rev_parse = ["git", "rev-parse", "--short", "HEAD"]
    head = subprocess.check_output(rev_parse, cwd=ROOT, text=True)  # noqa: S603, S607

    trees = {f"this tree ({head.strip()})": ROOT, f"ref {args.ref} ({ref_sha})": ref_code}
    results = {name: [] for name in trees}
    for n in range(args.rounds):
        for name, code in trees.items() if n % 2 == 0 else reversed(trees.items()):
            results[name].append(run_child(args, code))
    report(args, results)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return None


def report(args, results):
    names = list(results)
    fields = ("cpu_mean", "wall_median", "wall_p99", "queries", "redis_trips", "redis_clients")
    print(
        "\n| scenario | tree | CPU ms/request | wall ms median | wall p99 | queries "
        "| Redis round trips | redis.Redis built | calib ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    medians = {}
    for scenario in args.scenarios:
        for name in names:
            rounds = results[name]
            row = {f: statistics.median(r[scenario][f] for r in rounds) for f in fields}
            calib = statistics.median(r["calibration_ms"] for r in rounds)
            bad = sum(r[scenario]["not_200_miss"] for r in rounds)
            medians[scenario, name] = row
            print(
                f"| {scenario} | {name} | {row['cpu_mean']:.2f} | {row['wall_median']:.2f} | "
                f"{row['wall_p99']:.2f} | {row['queries']:.1f} | {row['redis_trips']:.1f} | "
                f"{row['redis_clients']:.1f} | {calib:.1f} |"
                + (f" {bad} not 200/miss" if bad else "")
            )
    print("\nratio this tree / ref, per round (CPU ms/request):")
    for scenario in args.scenarios:
        ratios = [
            ours[scenario]["cpu_mean"] / ref[scenario]["cpu_mean"]
            for ours, ref in zip(results[names[0]], results[names[1]], strict=True)
        ]
        print(f"  {scenario}: " + ", ".join(f"{r:.2f}" for r in ratios))


if __name__ == "__main__":
    main()
