"""Load-test the production-style server with wrk, beside nginx and a minimal Django floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spd_bench .venv/bin/python bench/load.py \\
        --label 100k [--compare var/bench/results-1k.json]

Needs Debian's wrk and nginx (`apt-get install wrk nginx`; neither is needed by `make test`).
Fill the database first with bench/generate_articles.py.

One run starts, all on loopback:
  :8141  the site under gunicorn as `make serve` runs it (settings.prod), page cache on
  :8142  the same with the page cache off (PAGE_CACHE=0)
  :8143  the floor: bench/floor_app.py, a Django view rendering the saved article HTML from a
         string, no database, no middleware, same gunicorn workers
  :8144  nginx serving that saved article HTML as a static file (the machine's practical limit)
  :8145  the nginx front from deploy/nginx/newsroom.conf: page files written by :8141
Then rounds of wrk (same threads and connections for all) alternate over every target, so a
slow moment of the machine hits all of them alike; the median of the rounds is reported. Each
front target is measured right after the static file, and its share of nginx is the median of
those adjacent pairs: the static figure alone moves by a fifth from one minute to the next. In
the same way the floor is measured again before each page's cache-on and cache-off targets,
and their share of the floor is the median of those pairs.
"article, long tail" asks for a different article on every request (LONG_TAIL random ones of
the whole database), so neither the page cache nor the kept article parts can help: the cost
of an article rendered from the database. It runs after the rounds, its own rounds. After
the rounds: resident memory of every gunicorn worker, and how stale the front and the site get
after a publish (an article is retitled N times while the front is under load).
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PY = sys.executable
PORTS = {"on": 8141, "off": 8142, "floor": 8143, "static": 8144, "front": 8145,
         "on small": 8146, "off small": 8147}  # fmt: skip
HOST = "127.0.0.1"

from stack import wait_port  # noqa: E402 - bench/stack.py, beside this script


def url(port, path="/"):
    return f"http://{HOST}:{port}{urllib.parse.quote(path, safe='/?=&%')}"


def fetch(target, headers=None):
    request = urllib.request.Request(target, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def site_env(args, page_cache, database_url=None):
    env = {k: v for k, v in os.environ.items() if k != "PAGE_FILES_DIR"}
    env.update(
        DJANGO_SETTINGS_MODULE="association.settings.prod",
        DJANGO_SECRET_KEY="bench-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(VAR / "static"),
        DB_CONN_MAX_AGE="60",
        CACHE_URL=args.cache_url,
        PAGE_CACHE="1" if page_cache else "0",
    )
    if database_url:  # the small data set: its own database and cache keys, no front
        env["DATABASE_URL"] = database_url
        env["CACHE_URL"] = args.cache_url.replace("prefix=", "prefix=small-")
    elif page_cache:  # the front's files come from the cache-on site
        env["PAGE_FILES_DIR"] = str(VAR / "pages")
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def start_site(args, name, page_cache, database_url=None):
    env = site_env(args, page_cache, database_url)
    env["GUNICORN_BIND"] = f"{HOST}:{PORTS[name]}"
    log = open(VAR / f"gunicorn-{name.replace(' ', '-')}.log", "w")  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(  # noqa: S603
        [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    wait_port(PORTS[name], process)
    return process


def start_floor(args, html_file):
    workers = args.workers or (os.cpu_count() * 2 + 1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["FLOOR_HTML"] = str(html_file)
    log = open(VAR / "gunicorn-floor.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [
            PY, "-m", "gunicorn", "--chdir", str(ROOT / "bench"), "--workers", str(workers),
            "--worker-class", "sync", "--bind", f"{HOST}:{PORTS['floor']}",
            "--no-control-socket", "floor_app:application",
        ],
        cwd=VAR, env=env, stdout=log, stderr=log,  # cwd: not the site's gunicorn.conf.py
    )  # fmt: skip
    wait_port(PORTS["floor"], process)
    return process


def start_nginx(html_file):
    """nginx with two servers: the saved article as a static file, and the deploy/ front."""
    prefix = VAR / "nginx"
    shutil.rmtree(prefix, ignore_errors=True)
    for sub in ("tmp", "logs", "page"):
        (prefix / sub).mkdir(parents=True)
        os.chmod(prefix / sub, 0o777)  # noqa: S103 - nginx workers may run as nobody
    shutil.copy(html_file, prefix / "page" / "article.html")
    os.chmod(prefix / "page" / "article.html", 0o644)
    front = (ROOT / "deploy/nginx/newsroom.conf").read_text()
    for name, value in {
        "@LISTEN@": f"{HOST}:{PORTS['front']}",
        "@SERVER_NAME@": HOST,
        "@APP_SERVERS@": f"server {HOST}:{PORTS['on']};",
        "@PAGE_FILES@": str(VAR / "pages"),
        "@STATIC_ROOT@": str(VAR / "static"),
        "@MEDIA_ROOT@": str(ROOT / "media"),
    }.items():
        front = front.replace(name, value)
    (prefix / "newsroom.conf").write_text(front)
    temp = prefix / "tmp"
    main = f"""
worker_processes {os.cpu_count()};
error_log {prefix}/logs/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen {HOST}:{PORTS["static"]};
        root {prefix}/page;
        location / {{ try_files /article.html =404; default_type "text/html; charset=utf-8"; }}
    }}
    include {prefix}/newsroom.conf;
}}
"""
    if os.geteuid() == 0:
        main = "user root;\n" + main
    (prefix / "nginx.conf").write_text(main)
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("nginx"), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=open(prefix / "logs/stderr.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    wait_port(PORTS["static"], process)
    wait_port(PORTS["front"], process)
    return process


def parse_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


LONG_TAIL = 50_000  # articles the long-tail target picks from at random
LONG_TAIL_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("LONG_TAIL_PATHS")) do paths[#paths + 1] = line end
local n = 0
function setup(thread) thread:set("id", n); n = n + 1 end
function init(args) math.randomseed(os.time() * 100 + id) end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def wrk(target, seconds, connections, threads, script=None, timeout=None):
    """wrk's figures; a script of our own may print "status <code> <count>" lines at the end."""
    command = [shutil.which("wrk"), "-t", str(threads), "-c", str(connections),
               "-d", f"{seconds}s", "--latency"]  # fmt: skip
    if timeout:  # wrk's own is 2 s; an answer after it counts as a socket error
        command += ["--timeout", f"{timeout}s"]
    env = None
    if isinstance(target, tuple):  # (base url, file of paths): a random path per request
        target, paths = target
        if script is None:
            script = VAR / "long-tail.lua"
            script.write_text(LONG_TAIL_SCRIPT)
        command += ["-s", str(script)]
        env = {**os.environ, "LONG_TAIL_PATHS": str(paths)}
    out = subprocess.run(  # noqa: S603
        [*command, target], capture_output=True, text=True, check=True, env=env
    ).stdout
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": parse_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": parse_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["non2xx"] = int(bad.group(1)) if bad else 0
    result["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    result["statuses"] = {int(c): int(n) for c, n in re.findall(r"^status (\d+) (\d+)$", out, re.M)}
    return result


def setup_django(args):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "association.settings.dev")
    os.environ["CACHE_URL"] = args.cache_url
    os.environ["PAGE_FILES_DIR"] = str(VAR / "pages")  # a publish here switches the link too
    import django

    django.setup()
    if args.small_db:
        import dj_database_url
        from django.db import connections

        both = {
            "default": connections.settings["default"],
            "small": dj_database_url.parse(args.small_db),
        }
        connections.settings["small"] = connections.configure_settings(both)["small"]


def pages(using="default"):
    """The public pages to measure, found in the database."""
    from django.db.models import Count
    from taggit.models import Tag

    from news.models import Article, Section

    sections = Section.objects.using(using).annotate(n=Count("articles"))
    biggest = sections.order_by("-n").first()
    published = Article.objects.using(using).published()
    article = published.order_by("-published_at", "-id")[published.count() // 2]
    tag = (
        Tag.objects.using(using)
        .annotate(n=Count("news_taggedarticle_items"))
        .order_by("-n", "name")
        .first()
    )
    # A small database has no page 2,000: its deepest full page (20 rows) stands in.
    deep = min(2000, published.filter(section=biggest).count() // 20)
    found = [
        ("home", "/"),
        ("section p1", biggest.get_absolute_url()),
        ("section p2000", f"{biggest.get_absolute_url()}?page={deep}"),
        ("article", article.get_absolute_url()),
        ("tag", f"/tags/{tag.slug}/"),
    ]
    status, _, _ = fetch(url(PORTS["on"], "/search/?q=%E8%86%9C"))
    if status == 200:
        found.append(("search", "/search/?q=%E8%86%9C"))
    elif using == "default":
        print(f"/search/ answers {status}: not in this branch, left out")
    return found, article


def long_tail_paths(path):
    """Write the addresses of LONG_TAIL random published articles to path, one per line."""
    from news.models import Article

    ids = list(Article.objects.published().values_list("pk", flat=True))
    picked = random.sample(ids, min(LONG_TAIL, len(ids)))
    path.write_text("".join(f"/article/{pk}/\n" for pk in picked))
    return path


def rss_of_workers(master):
    workers = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master.pid}$", text, re.M):
            workers.append(int(re.search(r"^VmRSS:\s+(\d+) kB", text, re.M).group(1)) / 1024)
    return sorted(workers)


def staleness(article, port, times, load_port=None, elsewhere=False):
    """Retitle an article `times` times; return how long each new title took to show on port.

    elsewhere: publish like another server would (this process does not switch the page-file
    link), so only the watcher threads of the site's workers can make the front fresh.
    """
    from django.conf import settings

    from news.models import Article

    if elsewhere:
        settings.PAGE_FILES_DIR = None

    original = article.title
    page = url(port, article.get_absolute_url())
    delays = []
    load = None
    if load_port:  # keep the front busy meanwhile, as a real burst would
        load = subprocess.Popen(  # noqa: S603
            [shutil.which("wrk"), "-t", "1", "-c", "8", "-d", f"{times * 3 + 5}s", page],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        for n in range(times):
            time.sleep(random.uniform(0.2, 1.2))  # publish at every phase of a second
            title = f"{original}(更新{n})"
            obj = Article.objects.get(pk=article.pk)
            obj.title = title
            obj.save()
            published = time.monotonic()
            while title.encode() not in fetch(page)[2]:
                if time.monotonic() - published > 10:
                    break
                time.sleep(0.005)
            delays.append(time.monotonic() - published)
    finally:
        obj = Article.objects.get(pk=article.pk)
        obj.title = original
        obj.save()
        if load:
            load.send_signal(signal.SIGINT)
            load.wait()
    return delays


def table(results, names, floor, static):
    lines = [
        "| page | cache on req/s | p50 ms | p99 ms | ÷ floor (paired) | ÷ nginx | cache off req/s "
        "| p50 ms | p99 ms | ÷ floor (paired) | front req/s | p99 ms | ÷ nginx (paired) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        on, off, front = (results[f"{name} · {k}"] for k in ("cache on", "cache off", "front"))
        lines.append(
            f"| {name} | {on['rps']:.0f} | {on['p50']:.1f} | {on['p99']:.1f} | "
            f"{on['floor_share']:.0%} | {on['rps'] / static:.1%} | {off['rps']:.0f} | "
            f"{off['p50']:.1f} | {off['p99']:.1f} | {off['floor_share']:.0%} | "
            f"{front['rps']:.0f} | {front['p99']:.1f} | {front['static_share']:.0%} |"
        )
    return "\n".join(lines)


def median_of(rounds):
    keys = ("rps", "p50", "p99")
    merged = {k: statistics.median(r[k] for r in rounds) for k in keys}
    merged["non2xx"] = sum(r["non2xx"] for r in rounds)
    merged["socket_errors"] = sum(r["socket_errors"] for r in rounds)
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="run", help="name for the results file")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2×CPU+1)")
    parser.add_argument(
        "--cache-url",
        default=f"file://{VAR / 'cache'}?prefix=bench",
        help="CACHE_URL of the site; default: a file cache as `make serve` uses; "
        "redis://127.0.0.1:6379/13?prefix=bench for the several-server set-up",
    )
    parser.add_argument("--publishes", type=int, default=10, help="publishes in the stale check")
    parser.add_argument("--compare", help="a results JSON of another run (e.g. at 1,000 articles)")
    parser.add_argument(
        "--small-db", help="DATABASE_URL of a small data set (1,000 articles) measured alongside"
    )
    parser.add_argument(
        "--pages", help="only these pages, comma-separated (e.g. article,home); default all"
    )
    parser.add_argument("--no-long-tail", action="store_true", help="skip the long-tail runs")
    parser.add_argument(
        "--editor", action="store_true",
        help="only the mixed load (300 random articles and the list pages) undisturbed, with an "
        "editor saving a draft every second, a published article's body, a published title",
    )  # fmt: skip
    parser.add_argument(
        "--editor-modes", default="undisturbed,drafts,published body,published",
        type=lambda text: text.split(","), help="which of the --editor measurements to run",
    )  # fmt: skip
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk nginx")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("note: DATABASE_URL is not PostgreSQL; figures are for SQLite")
    VAR.mkdir(parents=True, exist_ok=True)
    for name, port in PORTS.items():
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                sys.exit(f"port {port} ({name}) is already in use: stop that server first")

    env = site_env(args, True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    if args.small_db:
        small_env = site_env(args, False, args.small_db)
        subprocess.run(  # noqa: S603
            [PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=small_env, check=True
        )
    redis_flush(args.cache_url)
    redis_flush(args.cache_url.replace("prefix=", "prefix=small-"))
    shutil.rmtree(VAR / "pages", ignore_errors=True)
    processes = {}
    try:
        processes["on"] = start_site(args, "on", True)
        if args.editor:
            setup_django(args)
            return editor_at_work(args)
        processes["off"] = start_site(args, "off", False)
        setup_django(args)
        names_paths, article = pages()
        article_path = dict(names_paths)["article"]
        small_paths = []
        if args.small_db:
            processes["on small"] = start_site(args, "on small", True, args.small_db)
            processes["off small"] = start_site(args, "off small", False, args.small_db)
            small_paths = pages("small")[0]
        if args.pages:
            wanted = {name.strip() for name in args.pages.split(",")}
            names_paths = [(name, path) for name, path in names_paths if name in wanted]
            small_paths = [(name, path) for name, path in small_paths if name in wanted]
        status, _, html = fetch(url(PORTS["on"], article_path))
        if status != 200:
            sys.exit(f"the article page answered {status}")
        html_file = VAR / "article.html"
        html_file.write_bytes(html)
        processes["floor"] = start_floor(args, html_file)
        processes["nginx"] = start_nginx(html_file)
        print(f"saved article page: {len(html) / 1024:.1f} KB; pages: {dict(names_paths)}")

        targets = [("nginx static file", url(PORTS["static"], "/")),
                   ("Django floor", url(PORTS["floor"], "/"))]  # fmt: skip
        for name, path in names_paths:
            targets += [
                (f"{name} · cache on", url(PORTS["on"], path)),
                (f"{name} · cache off", url(PORTS["off"], path)),
                (f"{name} · front", url(PORTS["front"], path)),
            ]
        for name, path in small_paths:
            targets += [
                (f"{name} · cache on · small", url(PORTS["on small"], path)),
                (f"{name} · cache off · small", url(PORTS["off small"], path)),
            ]
        for _, target in targets:  # warm every cache and connection pool
            for _ in range(3):
                fetch(target)
        long_tail = long_tail_paths(VAR / "long-tail.txt")
        tail_targets = [
            ("article, long tail · cache on", (url(PORTS["on"], "/"), long_tail)),
            ("article, long tail · cache off", (url(PORTS["off"], "/"), long_tail)),
        ]
        if args.no_long_tail:
            tail_targets = []
        rounds = {name: [] for name, _ in targets + tail_targets}
        paired = {name: [] for name, _ in targets if name.endswith(" · front")}
        pages_here = ("· cache on", "· cache off")  # not the small database's
        floor_paired = {name: [] for name, _ in targets if name.endswith(pages_here)}

        def measure(n, name, target):
            result = wrk(target, args.seconds, args.connections, args.threads)
            rounds[name].append(result)
            print(f"round {n}: {name:<32} {result['rps']:>9.0f} req/s  "
                  f"p50 {result['p50']:.1f} ms  p99 {result['p99']:.1f} ms"
                  + (f"  non-2xx {result['non2xx']}" if result["non2xx"] else ""),
                  flush=True)  # fmt: skip
            return result

        for n in range(1, args.rounds + 1):
            floor_now = None
            for name, target in targets:
                if name in paired:  # the static file again, just before: an adjacent pair
                    static_now = measure(n, "nginx static file", targets[0][1])
                    front_now = measure(n, name, target)
                    paired[name].append(front_now["rps"] / static_now["rps"])
                    continue
                if name.endswith(" · cache on"):  # the floor again, just before each page
                    floor_now = measure(n, "Django floor", targets[1][1])["rps"]
                result = measure(n, name, target)
                if name in floor_paired:
                    floor_paired[name].append(result["rps"] / floor_now)
        # The long tail last: its thousands of renders would crowd the caches of the rounds.
        for n in range(1, args.rounds + 1):
            for name, target in tail_targets:
                measure(n, name, target)
        results = {name: median_of(r) for name, r in rounds.items()}
        for name, ratios in paired.items():
            results[name]["static_share"] = statistics.median(ratios)
        for name, ratios in floor_paired.items():
            results[name]["floor_share"] = statistics.median(ratios)
        sizes = {name: len(fetch(url(PORTS["front"], path))[2]) for name, path in names_paths}

        rss = {name: rss_of_workers(processes[name]) for name in ("on", "off")}
        rss.update(
            {n: rss_of_workers(processes[n]) for n in ("on small", "off small") if n in processes}
        )
        stale_front = staleness(article, PORTS["front"], args.publishes, PORTS["front"])
        stale_other = staleness(
            article, PORTS["front"], args.publishes, PORTS["front"], elsewhere=True
        )
        stale_site = staleness(article, PORTS["on"], max(3, args.publishes // 2))
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    floor = results["Django floor"]["rps"]
    static = results["nginx static file"]["rps"]
    names = [name for name, _ in names_paths]
    from django.db import connection

    from news.models import Article

    count = Article.objects.count()
    print(f"\n## {args.label}: {count} articles, {connection.vendor}, "
          f"{args.rounds} rounds × {args.seconds}s, wrk -t{args.threads} -c{args.connections}, "
          f"cache {args.cache_url.split('?')[0]}\n")  # fmt: skip
    print(f"nginx static file: {static:.0f} req/s (p99 "
          f"{results['nginx static file']['p99']:.1f} ms); Django floor: {floor:.0f} req/s (p99 "
          f"{results['Django floor']['p99']:.1f} ms)\n")  # fmt: skip
    print(table(results, names, floor, static))
    print("\n| long tail: a random article of the database per request | req/s | p50 ms "
          "| p99 ms | ÷ floor |\n|---|---:|---:|---:|---:|")  # fmt: skip
    for mode in ("cache on", "cache off") if not args.no_long_tail else ():
        tail = results[f"article, long tail · {mode}"]
        print(f"| page {mode} | {tail['rps']:.0f} | {tail['p50']:.1f} | {tail['p99']:.1f} | "
              f"{tail['rps'] / floor:.0%} |")  # fmt: skip
    print(f"\npage sizes (bytes; the static file is the article's): {sizes}")
    errors = {k: (v["non2xx"], v["socket_errors"]) for k, v in results.items() if v["non2xx"]}
    if errors:
        print(f"\nnon-2xx responses (non-2xx, socket errors): {errors}")
    for name in rss:
        print(f"\ngunicorn workers (page cache {name}) resident MB after the run: "
              f"{', '.join(f'{mb:.0f}' for mb in rss[name])}")  # fmt: skip
    print(
        f"\nafter a publish, the new title showed on the front after: max "
        f"{max(stale_front) * 1000:.0f} ms, median {statistics.median(stale_front) * 1000:.0f} "
        f"ms over {len(stale_front)} publishes (under wrk load)"
    )
    print(f"published by another server (the workers' watcher switches the front): max "
          f"{max(stale_other) * 1000:.0f} ms, median {statistics.median(stale_other) * 1000:.0f} "
          f"ms over {len(stale_other)} publishes")  # fmt: skip
    print(f"on the site itself (page cache on): max {max(stale_site) * 1000:.0f} ms over "
          f"{len(stale_site)} publishes")  # fmt: skip

    saved = {"label": args.label, "articles": count, "results": results, "rss": rss,
             "stale_front_ms": [d * 1000 for d in stale_front],
             "stale_other_server_ms": [d * 1000 for d in stale_other],
             "stale_site_ms": [d * 1000 for d in stale_site]}  # fmt: skip
    (VAR / f"results-{args.label}.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1))
    if small_paths:
        small_count = Article.objects.using("small").count()
        print(f"\n### {count} against {small_count} articles, same run\n")
        print("| page | cache on | on, small | ratio | cache off | off, small | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in names:
            on, off = results[f"{name} · cache on"], results[f"{name} · cache off"]
            on_s = results[f"{name} · cache on · small"]
            off_s = results[f"{name} · cache off · small"]
            print(
                f"| {name} | {on['rps']:.0f} | {on_s['rps']:.0f} | {on['rps'] / on_s['rps']:.0%} "
                f"| {off['rps']:.0f} | {off_s['rps']:.0f} | {off['rps'] / off_s['rps']:.0%} |"
            )
    if args.compare:
        other = json.loads(Path(args.compare).read_text())
        print(f"\n### {args.label} ({count}) against {other['label']} ({other['articles']})\n")
        print("| target | req/s here | req/s there | here ÷ there |\n|---|---:|---:|---:|")
        for name, mine in results.items():
            theirs = other["results"].get(name)
            if theirs:
                print(f"| {name} | {mine['rps']:.0f} | {theirs['rps']:.0f} | "
                      f"{mine['rps'] / theirs['rps']:.0%} |")  # fmt: skip


MIXED_ARTICLES = 300


def mixed_paths(path):
    """MIXED_ARTICLES random published articles and the list pages, one address a line."""
    from taggit.models import Tag

    from news.models import Article, Section

    ids = list(Article.objects.published().values_list("pk", flat=True))
    lines = [f"/article/{pk}/" for pk in random.sample(ids, min(MIXED_ARTICLES, len(ids)))]
    lines.append("/")
    for section in Section.objects.all():
        lines += [section.get_absolute_url(), f"{section.get_absolute_url()}?page=2"]
    lines += ["/tags/", *(f"/tags/{t.slug}/" for t in Tag.objects.order_by("name")[:5])]
    lines = [urllib.parse.quote(line, safe="/?=&") for line in lines]  # wrk sends bytes as given
    path.write_text("".join(f"{line}\n" for line in lines))
    return path, len(lines)


class EditorAtWork:
    """Saves one article every second from this process, as the admin's save does: its title
    (a draft's, or a published article's: lists show it) or its body (only its own page and the
    text pages show it)."""

    def __init__(self, article, field):
        self.article, self.field = article, field
        self.saves = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self):
        from django.db import connection

        from news.models import Article

        while not self.stopping.wait(1.0):
            article = Article.objects.get(pk=self.article.pk)
            if self.field == "title":
                article.title = f"编辑正在修改的稿件({self.saves})"
            else:
                article.body = f"<p>编辑每秒保存一次正文:第 {self.saves} 次。</p>"
            article.save()
            self.saves += 1
        connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()


EDITOR_MODES = {  # mode: (the article saved, the field saved)
    "drafts": ("draft", "title"),
    "published": ("published", "title"),
    "published body": ("published", "body"),
}


def editor_at_work(args):
    """The mixed load undisturbed, with an editor saving every second: a draft's title, a
    published article's body, a published article's title."""
    from django.utils import timezone

    from association.web.pagecache.version import current_version
    from news.models import Article, Section

    # Made before the rounds (a new published article renews the whole site); visitors read
    # the published one too, so its page is rendered again after each body edit.
    articles = {
        status: Article.objects.create(
            section=Section.objects.first(),
            title="编辑正在修改的稿件",
            status=status,
            body="<p>编辑每秒保存一次。</p>",
            published_at=timezone.now(),
        )  # fmt: skip
        for status in ("draft", "published")
    }
    paths, count = mixed_paths(VAR / "mixed.txt")
    with paths.open("a") as more:
        more.write(f"/article/{articles['published'].pk}/\n")
    count += 1
    target = (url(PORTS["on"], "/"), paths)

    def warm():  # every page once, so that each round starts from a warm cache
        bad = {}
        for line in paths.read_text().split():
            status = fetch(f"http://{HOST}:{PORTS['on']}{line}")[0]
            if status != 200:
                bad[line] = status
        return bad

    bad = warm()
    if bad:
        print(f"not 200 before the rounds: {bad}")
    modes = [m for m in ("undisturbed", *EDITOR_MODES) if m in args.editor_modes]
    rounds = {mode: [] for mode in modes}
    versions, stale = {}, {}
    paired = {mode: [] for mode in modes if mode != "undisturbed"}
    for n in range(1, args.rounds + 1):
        # Undisturbed, drafts and body edits side by side (order turning), title edits last:
        # they leave the cache cold, so the pages are warmed again before every measurement.
        quiet = [m for m in modes if m != "published"]
        shift = (n - 1) % len(quiet)
        order = quiet[shift:] + quiet[:shift] + [m for m in modes if m == "published"]
        for mode in order:
            warm()
            before = current_version()["token"]
            if mode == "undisturbed":
                result = wrk(target, args.seconds, args.connections, args.threads)
                saves = 0
            else:
                status, field = EDITOR_MODES[mode]
                with EditorAtWork(articles[status], field) as editor:
                    result = wrk(target, args.seconds, args.connections, args.threads)
                saves = editor.saves
                if field == "body":  # the last save shows on the page at once
                    page = fetch(f"http://{HOST}:{PORTS['on']}/article/{articles[status].pk}/")
                    stale.setdefault(mode, []).append(f"第 {saves - 1} 次" not in page[2].decode())
            versions.setdefault(mode, []).append(before != current_version()["token"])
            rounds[mode].append(result)
            print(f"round {n}: {mode:<15} {result['rps']:>7.0f} req/s  p50 {result['p50']:.1f} "
                  f"ms  p99 {result['p99']:.1f} ms  saves {saves}  non-2xx {result['non2xx']}  "
                  f"load {open('/proc/loadavg').read().split()[0]}", flush=True)  # fmt: skip
        for mode in paired:
            if "undisturbed" in rounds and rounds[mode]:
                paired[mode].append(rounds[mode][-1]["rps"] / rounds["undisturbed"][-1]["rps"])
    for article in articles.values():
        article.delete()
    merged = {mode: median_of(r) for mode, r in rounds.items()}
    base = merged.get("undisturbed", {}).get("rps")
    print(f"\n## mixed load ({count} addresses: {MIXED_ARTICLES} random articles, the edited "
          f"article and the list pages), {args.rounds} rounds × {args.seconds}s, wrk "
          f"-t{args.threads} -c{args.connections}, "
          f"load average {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    print("| editor | req/s (median) | ÷ undisturbed | p50 ms | p99 ms | site version renewed |")
    print("|---|---:|---:|---:|---:|---|")
    for mode, m in merged.items():
        renewed = f"{sum(versions[mode])} of {len(versions[mode])} rounds"
        share = f"{m['rps'] / base:.0%}" if base else "-"
        print(f"| {mode} | {m['rps']:.0f} | {share} | {m['p50']:.1f} | "
              f"{m['p99']:.1f} | {renewed} |")  # fmt: skip
    for mode, ratios in paired.items():
        if ratios:
            each = ", ".join(f"{r:.0%}" for r in ratios)
            print(f"\n{mode} ÷ undisturbed, side by side in each round: {each}; "
                  f"median {statistics.median(ratios):.0%}")  # fmt: skip
    for mode, flags in stale.items():
        print(f"{mode}: the last body saved was missing from the article page in "
              f"{sum(flags)} of {len(flags)} rounds")  # fmt: skip
    return merged


def redis_flush(cache_url):
    """Start from an empty page cache (only the keys of this prefix)."""
    if cache_url.startswith("file://"):
        shutil.rmtree(cache_url[len("file://") :].split("?")[0], ignore_errors=True)
        return
    if not cache_url.startswith("redis"):
        return
    import redis

    base, _, query = cache_url.partition("?")
    prefix = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("prefix", "")
    client = redis.Redis.from_url(base)
    for key in client.scan_iter(match=f"{prefix}*" if prefix else "*"):
        client.delete(key)


if __name__ == "__main__":
    main()
