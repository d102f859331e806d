"""Services of their own for bench/faults.py and bench/soak.py, so that restarting them harms
no one else on the machine: a PostgreSQL cluster (initdb under var/, a free port), a
redis-server (a free port), the site under gunicorn with the production settings, the nginx
front of deploy/nginx/newsroom.conf, and a load generator that keeps every answer.
"""

import http.client
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
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "127.0.0.1"
VISITOR_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_port(port, process=None, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            if process is not None and process.poll() is not None:
                sys.exit(f"the server for port {port} exited with {process.returncode}")
            time.sleep(0.1)
    sys.exit(f"nothing listens on port {port}")


def pg_tool(name):
    found = shutil.which(name) or str(PG_BIN / name)
    return [found]


def as_postgres(command):
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        # setpriv execs (no parent process in between), so signals reach postgres itself.
        return ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", *command]
    return command


class Postgres:
    """A cluster of our own; restart() is a fast shutdown (open connections are cut)."""

    def __init__(self, base):
        self.dir = base / "pg"
        self.port = free_port()
        self.process = None

    def init(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(  # noqa: S603
            as_postgres([*pg_tool("initdb"), "-D", str(self.dir / "data"), "-U", "postgres",
                         "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
            check=True, capture_output=True,
        )  # fmt: skip

    def start(self):
        log = open(self.dir / "postgres.log", "a")  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(  # noqa: S603
            as_postgres([*pg_tool("postgres"), "-D", str(self.dir / "data"), "-p", str(self.port),
                         "-k", str(self.dir), "-c", "listen_addresses=127.0.0.1",
                         "-c", "max_connections=200", "-c", "shared_buffers=256MB"]),
            stdout=log, stderr=log,
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self, seconds=60):
        import psycopg2 as psycopg

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.1)
        sys.exit(f"PostgreSQL on port {self.port} did not start (see {self.dir}/postgres.log)")

    def stop(self):
        """Fast shutdown (SIGINT): active transactions are rolled back, sessions cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)

    def url(self, db="site"):
        return f"postgres://postgres@{HOST}:{self.port}/{db}"

    def create_database(self, name="site"):
        import psycopg2 as psycopg

        conn = psycopg.connect(self.url("postgres"))
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()


class Redis:
    """A redis-server of our own with Redis's default snapshots (RDB on shutdown)."""

    def __init__(self, base):
        self.dir = base / "redis"
        self.port = free_port()
        self.process = None

    def start(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", HOST,
             "--dir", str(self.dir), "--save", "3600 1 300 100 60 10000", "--appendonly", "no",
             "--logfile", str(self.dir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_port(self.port, self.process)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # a graceful stop writes the snapshot
            self.process.wait(timeout=60)

    def url(self, db=0):
        return f"redis://{HOST}:{self.port}/{db}"


def site_env(database_url, cache_url, var, extra=None):
    """The production settings on the given database and cache (e.g. pg.url(), redis.url())."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "PAGE_", "GUNICORN_", "DB_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="association.settings.prod",
        DJANGO_SECRET_KEY="faults-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(var / "static"),
        DJANGO_MEDIA_ROOT=str(var / "media"),
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="60",  # persistent connections, as docs/deploy.md advises
        CACHE_URL=cache_url,
        PAGE_FILES_DIR=str(var / "pages"),
        VIEW_COUNT_FLUSH_SECONDS="5",
    )
    env.update(extra or {})
    return env


def manage(env, *args, check=True):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


def prepare_site(env, articles):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0")
    subprocess.run(  # noqa: S603
        [PY, "bench/generate_articles.py", "--count", str(articles)],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "association.settings.dev"},
        check=True, capture_output=True,
    )  # fmt: skip


class Gunicorn:
    """A gunicorn master (command run in cwd), its log in log_path."""

    def __init__(self, command, cwd, env, log_path, port=None, wait_seconds=60):
        self.command, self.cwd, self.env, self.log_path = command, cwd, env, log_path
        self.port = port or free_port()
        self.wait_seconds = wait_seconds
        self.process = None

    def start(self):
        log = open(self.log_path, "a")  # noqa: SIM115 - lives with the server
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=self.cwd, stdout=log, stderr=log,
            env={**self.env, "GUNICORN_BIND": f"{HOST}:{self.port}"},
        )  # fmt: skip
        wait_port(self.port, self.process, self.wait_seconds)

    def workers(self):
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def rss_mb(self):
        sizes = {}
        for pid in self.workers():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            sizes[pid] = int(re.search(r"^VmRSS:\s+(\d+) kB", text, re.M).group(1)) / 1024
        return sizes

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def url(self, path=""):
        return f"http://{HOST}:{self.port}{path}"


class Site(Gunicorn):
    """Our site on gunicorn with the production settings."""

    def __init__(self, env, var, workers, name="site"):
        command = [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        env = {**env, "WEB_CONCURRENCY": str(workers)}
        super().__init__(command, ROOT, env, var / f"gunicorn-{name}.log")


class Front:
    """nginx with deploy/nginx/newsroom.conf in front of a site."""

    def __init__(self, var, site, pages):
        self.prefix = var / "nginx"
        self.port = free_port()
        self.site, self.pages, self.var = site, pages, var
        self.process = None

    def start(self):
        shutil.rmtree(self.prefix, ignore_errors=True)
        for sub in ("tmp", "logs"):
            (self.prefix / sub).mkdir(parents=True)
            os.chmod(self.prefix / sub, 0o777)  # noqa: S103 - nginx workers may run as nobody
        conf = (ROOT / "deploy/nginx/newsroom.conf").read_text()
        for name, value in {
            "@LISTEN@": f"{HOST}:{self.port}", "@SERVER_NAME@": HOST,
            "@APP_SERVERS@": f"server {HOST}:{self.site.port};", "@PAGE_FILES@": str(self.pages),
            "@STATIC_ROOT@": str(self.var / "static"), "@MEDIA_ROOT@": str(self.var / "media"),
        }.items():  # fmt: skip
            conf = conf.replace(name, value)
        (self.prefix / "newsroom.conf").write_text(conf)
        temp = self.prefix / "tmp"
        main = f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
error_log {self.prefix}/logs/error.log warn;
pid {self.prefix}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.prefix}/newsroom.conf;
}}
"""
        (self.prefix / "nginx.conf").write_text(main)
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("nginx"), "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=open(self.prefix / "logs/stderr.log", "w"),  # noqa: SIM115
        )  # fmt: skip
        wait_port(self.port, self.process)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def url(self):
        return f"http://{HOST}:{self.port}"


def looks_like_site(body):
    """A 5xx page in the site's look: the styled error page, no traceback."""
    return b"site-header" in body and b"Traceback" not in body


class Load:
    """Threads asking for a mix of requests; every answer is kept as (end, kind, status, ms).

    mix: [(weight, kind, make)] where make() gives (method, path). A beacon (kind "beacon")
    answered 204 is counted per article in self.beacons. Status 0: no answer (connection
    refused or reset, timeout).
    """

    def __init__(self, base, mix, threads=8, pause=0.0):
        self.netloc = urllib.parse.urlsplit(base).netloc
        self.mix = mix
        self.weights = [w for w, _, _ in mix]
        self.threads = threads
        self.pause = pause
        self.records = []
        self.beacons = Counter()
        self.bad_pages = []  # 5xx bodies not in the site's look
        self.stopping = threading.Event()
        self.running = []

    def start(self):
        self.stopping.clear()
        self.running = [
            threading.Thread(target=self.loop, daemon=True) for _ in range(self.threads)
        ]
        for thread in self.running:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.running:
            thread.join(timeout=60)

    def loop(self):
        conn = http.client.HTTPConnection(self.netloc, timeout=30)
        while not self.stopping.is_set():
            _, kind, make = random.choices(self.mix, self.weights)[0]
            method, path = make()
            path = urllib.parse.quote(path, safe="/?=&%")
            headers = {"User-Agent": VISITOR_UA, "Host": HOST}
            started = time.monotonic()
            status, body = 0, b""
            try:
                conn.request(method, path, body=b"" if method == "POST" else None, headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(self.netloc, timeout=30)
            ended = time.monotonic()
            self.records.append((ended, kind, status, (ended - started) * 1000))
            if kind == "beacon" and status == 204:
                self.beacons[int(path.split("/")[2])] += 1
            if status >= 500 and not looks_like_site(body) and len(self.bad_pages) < 5:
                self.bad_pages.append((status, path, body[:2000]))
            if status == 0:
                time.sleep(0.05)  # do not spin while the server is away
            elif self.pause:
                time.sleep(self.pause)
        conn.close()


def summary(records, t_fault=None, bucket=1.0):
    """requests, 5xx, no answers, p99, and the seconds from t_fault until the site was back:
    the start of the first second from which no request failed and the rate stayed above a
    third of the median second before the fault."""
    out = {
        "requests": len(records),
        "5xx": sum(1 for r in records if r[2] >= 500),
        "no_answer": sum(1 for r in records if r[2] == 0),
        "4xx": sum(1 for r in records if 400 <= r[2] < 500),
        "p99_ms": percentile([r[3] for r in records if r[2]], 99),
    }
    if t_fault is None or not records:
        return out
    start = min(r[0] for r in records)
    end = max(r[0] for r in records)
    per_bucket = Counter(int((r[0] - start) / bucket) for r in records if r[0] < t_fault)
    whole = int((t_fault - start) / bucket)  # the bucket the fault falls in is not "before"
    rate = median([per_bucket[b] for b in range(1, whole)] or [per_bucket[0]])
    buckets = []
    t = t_fault
    while t < end:
        inside = [r for r in records if t <= r[0] < t + bucket]
        failed = any(r[2] == 0 or r[2] >= 500 for r in inside)
        buckets.append((t, failed or len(inside) < rate / 3))
        t += bucket
    back = None
    for i, (t, _) in enumerate(buckets):
        if not any(b for _, b in buckets[i:-1]):  # the last bucket is cut short: not judged
            back = t - t_fault
            break
    out["back_s"] = back
    # Requests answered (and failed) per second, from the start: the shape of the fault.
    seconds = range(int(end - start) + 1)
    answered = Counter(int(r[0] - start) for r in records if r[2] and r[2] < 500)
    failed = Counter(int(r[0] - start) for r in records if not r[2] or r[2] >= 500)
    out["per_second"] = " ".join(
        f"{answered[s]}" + (f"/{failed[s]}!" if failed[s] else "") for s in seconds
    )
    out["fault_at_s"] = t_fault - start
    return out


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def median(values):
    return statistics.median(values) if values else 0.0


def sql(url, query, params=()):
    """Rows of one query, on a connection of its own (the server may have restarted)."""
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()
    finally:
        conn.close()
