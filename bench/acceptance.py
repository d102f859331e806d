"""Issue 19's acceptance run: the site under load, an editor at work, workers killed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_acceptance \\
        .venv/bin/python bench/acceptance.py --cache-url redis://127.0.0.1:6379/1 [--seconds 75]

gunicorn as `make serve` runs it (the production settings, persistent connections) on the
PostgreSQL database of DATABASE_URL and the Redis of --cache-url, the several-server set-up of
docs/deploy.md (keys under a prefix of this run's own, removed at the end). The database is
migrated and filled (the demo, then generated articles up to --articles) if it has fewer.
For --seconds:
  - wrk asks for 300 random published articles and the list pages (bench/load.py's mix);
  - threads POST the view beacon of those articles as a browser would;
  - an editor, logged in to the admin of the same site, saves one of those articles every
    second (its change form, as the browser sends it), publishes a new article every three
    seconds and moves one of the 300 to the recycle bin every --recycle-every seconds (their
    pages then answer 404: expected 4xx, counted apart); one of each at a time, as a person
    works: while the last save has not answered, the next is counted late, not sent;
  - one gunicorn worker is SIGKILLed at each of --kills evenly spaced moments.
Then `manage.py flush_view_counts`, and each article's view_count must have risen by the
beacon answers (204) it was given. Exit 0 only with 0 5xx, 0 lost views and 0 editor errors.
"""

import argparse
import html.parser
import http.cookiejar
import os
import random
import re
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402
import stack  # noqa: E402

VAR = stack.ROOT / "var" / "acceptance"
EDITOR_NAME, EDITOR_PASSWORD = "acceptance-editor", "acceptance-pw-" + uuid.uuid4().hex[:8]

# load.py's random path per request, and every answer's status counted (printed at the end).
WRK_SCRIPT = (
    load.LONG_TAIL_SCRIPT
    + """
local threads = {}
local setup_id = setup
function setup(thread) setup_id(thread); table.insert(threads, thread) end
statuses = {}
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do total[code] = (total[code] or 0) + n end
  end
  for code, n in pairs(total) do io.write(string.format("status %d %d\\n", code, n)) end
end
"""
)


class Form(html.parser.HTMLParser):
    """The fields of one <form id=...> as a browser would submit it (no files)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.select = self.textarea = None
        self.first_option = None
        self.options = {}  # a select's values, in order

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[name] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            self.options.setdefault(self.select, []).append(value)
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.fields[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self.fields.setdefault(self.select, self.first_option or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


class Editor:
    """An editor in the admin: saves, publishes and recycles through the site's own forms.

    A request that gets no answer (its worker killed) is tried again, as a person would;
    an error is an answer that is not the page a successful save leads to."""

    def __init__(self, base, saved_ids, recycle_ids, recycle_every):
        self.base = base
        self.saved_ids, self.recycle_ids = saved_ids, recycle_ids
        self.recycle_every = recycle_every
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.done = Counter()
        self.late = Counter()  # not started on time: the last one had not answered yet
        self.retried = 0
        self.errors = []
        self.recycled = []
        self.lock = threading.Lock()
        self.busy = set()  # articles being saved
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def request(self, path, fields=None):
        data = urllib.parse.urlencode(fields, doseq=True).encode() if fields is not None else None
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310
        request.add_header("User-Agent", stack.VISITOR_UA)
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=120) as response:  # a patient browser
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode(errors="replace")
        except OSError:  # no answer: the worker was killed under this request
            return 0, path, ""

    def submit(self, what, path, form_id, changes, ok):
        """Open the form, fill it in, send it. With no answer (the worker was killed), do
        what the editor would: open the form again and send it again."""
        for _ in range(3):
            status, _, page = self.request(path)
            if status == 0:
                self.note_retry()
                continue
            form = Form(form_id)
            form.feed(page)
            if status != 200:
                break
            fields = {**form.fields, **(changes(form) if callable(changes) else changes)}
            status, landed, page = self.request(path, fields)
            if status == 0:
                self.note_retry()
                continue
            if status == 200 and ok(landed) and "errornote" not in page:
                with self.lock:
                    self.done[what] += 1
                return
            break
        said = re.findall(r'class="errornote"[^>]*>(.*?)</|class="errorlist[^"]*"[^>]*><li>(.*?)</',
                          page, re.S)  # fmt: skip
        with self.lock:
            self.errors.append(f"{what}: {status} for {path}: {said[:3]}")

    def note_retry(self):
        with self.lock:
            self.retried += 1
        time.sleep(0.5)

    def login(self):
        path = "/admin/login/?next=/admin/"
        changes = {"username": EDITOR_NAME, "password": EDITOR_PASSWORD}
        self.submit("login", path, "login-form", changes, lambda url: url.endswith("/admin/"))

    CHANGELIST = "/admin/news/article/"

    def landed_on_list(self, url):
        return url.endswith(self.CHANGELIST)

    def save(self, n):
        with self.lock:  # one save at a time per article, as one editor works
            pk = random.choice(sorted(set(self.saved_ids) - self.busy))
            self.busy.add(pk)
        changes = {"title": f"编辑第{n}次修改的稿件", "_save": "保存"}
        self.submit("save", f"{self.CHANGELIST}{pk}/change/", "article_form", changes,
                    self.landed_on_list)  # fmt: skip
        with self.lock:
            self.busy.discard(pk)

    def publish(self, n):
        from django.utils import timezone

        now = timezone.localtime()  # the site's time zone, as the admin's form shows it

        def changes(form):
            return {
                "section": random.choice([v for v in form.options["section"] if v]),
                "title": f"验收运行中发布的第{n}篇稿件",
                "body": f"<p>验收运行中发布的第{n}篇稿件,反渗透膜与超滤膜。</p>",
                "status": "published", "published_at_0": now.strftime("%Y-%m-%d"),
                "published_at_1": now.strftime("%H:%M:%S"), "_save": "保存",
            }  # fmt: skip

        self.submit("publish", f"{self.CHANGELIST}add/", "article_form", changes,
                    self.landed_on_list)  # fmt: skip

    def recycle(self):
        with self.lock:
            pk = self.recycle_ids.pop()
            self.recycled.append(pk)
        changes = {"action": "move_to_recycle_bin", "_selected_action": pk, "index": "0"}
        self.submit("recycle", self.CHANGELIST, "changelist-form", changes, self.landed_on_list)

    def loop(self):
        """Every second a save, every 3 s a publish, every recycle_every s a recycle, each
        started on time in a thread of its own; one of each kind at a time (an editor does
        not send a save again before the last one answered): those not started are late."""
        start, n, running = time.monotonic(), 0, {}
        while not self.stopping.wait(max(0.0, start + n - time.monotonic())):
            n += 1
            jobs = [("save", self.save, n)]
            if n % 3 == 0:
                jobs.append(("publish", self.publish, n // 3))
            if self.recycle_every and n % self.recycle_every == 0 and self.recycle_ids:
                jobs.append(("recycle", self.recycle))
            for kind, job, *job_args in jobs:
                if kind in running and running[kind].is_alive():
                    self.late[kind] += 1
                    continue
                running[kind] = threading.Thread(target=job, args=job_args, daemon=True)
                running[kind].start()
        for thread in running.values():
            thread.join(timeout=130)

    def start(self):
        self.login()
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=60)


def django_setup(env):
    """This process reads the same database (for the addresses and the counts)."""
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], CACHE_URL=env["CACHE_URL"])
    os.environ["DJANGO_SETTINGS_MODULE"] = "association.settings.dev"
    sys.path.insert(0, str(stack.ROOT))
    import django

    django.setup()


def view_counts(ids):
    from news.models import Article

    return dict(Article.objects.filter(pk__in=ids).values_list("pk", "view_count"))


def prepare(env, articles):
    stack.manage(env, "migrate", "--noinput", "-v0")
    stack.manage(env, "load_demo", "--if-empty")
    stack.manage(env, "collectstatic", "--noinput", "-v0")
    from django.contrib.auth import get_user_model

    from news.models import Article

    editor, _ = get_user_model().objects.get_or_create(username=EDITOR_NAME)
    editor.is_staff = editor.is_superuser = True
    editor.set_password(EDITOR_PASSWORD)  # new each run
    editor.save()

    missing = articles - Article.objects.count()
    if missing > 0:
        import subprocess

        subprocess.run(  # noqa: S603
            [stack.PY, "bench/generate_articles.py", "--count", str(missing),
             "--seed", str(random.randrange(10**6))],
            cwd=stack.ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "association.settings.dev"},
            check=True, capture_output=True,
        )  # fmt: skip


def forget_keys(cache_url):
    import redis

    base, _, query = cache_url.partition("?")
    prefix = urllib.parse.parse_qs(query)["prefix"][0]
    client = redis.Redis.from_url(base)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/1", help="a Redis")
    parser.add_argument("--seconds", type=int, default=75, help="60 to 90 in issue 19")
    parser.add_argument("--kills", type=int, default=2, help="workers SIGKILLed on the way")
    parser.add_argument("--workers", type=int, default=os.cpu_count() * 2 + 1,
                        help="gunicorn workers (make serve's default)")  # fmt: skip
    parser.add_argument("--articles", type=int, default=3000)
    # As many as wrk's connections: a beacon for each page read, as browsers send them.
    parser.add_argument("--beacon-threads", type=int, default=32)
    parser.add_argument("--recycle-every", type=int, default=15, help="seconds; 0: never")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database of this run's own")
    if not stack.shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    VAR.mkdir(parents=True, exist_ok=True)
    prefix = f"acceptance-{uuid.uuid4().hex[:8]}"
    env = stack.site_env(database_url, f"{args.cache_url}?prefix={prefix}", VAR,
                         {"PAGE_FILES_DIR": ""})  # make serve: no nginx front  # fmt: skip
    django_setup(env)
    prepare(env, args.articles)
    paths, count = load.mixed_paths(VAR / "mixed.txt")
    ids = [int(line.split("/")[2]) for line in paths.read_text().split() if "/article/" in line]
    # The editor saves a third of the 300 and recycles some of the others.
    saved_ids, recycle_ids = ids[:100], ids[100:]
    script = VAR / "acceptance.lua"
    script.write_text(WRK_SCRIPT)
    site = stack.Site(env, VAR, args.workers, name="acceptance")
    site.start()
    before = view_counts(ids)
    beacon = [(1, "beacon", lambda: ("POST", f"/article/{random.choice(ids)}/view/"))]
    beacons = stack.Load(site.url(), beacon, threads=args.beacon_threads, pause=0.05)
    editor = Editor(site.url(), saved_ids, recycle_ids, args.recycle_every)
    killed = []

    def killer():
        for k in range(args.kills):
            time.sleep(args.seconds / (args.kills + 1) - (1 if k == 0 else 0))
            pid = random.choice(site.workers())
            os.kill(pid, signal.SIGKILL)
            killed.append((round(time.monotonic() - started, 1), pid))

    load_before = os.getloadavg()
    try:
        editor.start()
        beacons.start()
        started = time.monotonic()
        threading.Thread(target=killer, daemon=True).start()
        result = load.wrk((site.url(), paths), args.seconds, args.connections, 2, script=script,
                          timeout=30)  # gunicorn's own timeout: any answer is seen  # fmt: skip
        beacons.stop()
        editor.stop()
        stack.manage(env, "flush_view_counts")
        after = view_counts(ids)
    finally:
        site.stop()
        forget_keys(env["CACHE_URL"])
    answered = beacons.beacons
    lost = {pk: n - (after[pk] - before[pk]) for pk, n in answered.items()
            if after[pk] - before[pk] < n}  # fmt: skip
    extra = sum(max(0, after[pk] - before[pk] - answered[pk]) for pk in ids)
    b = stack.summary(beacons.records)
    codes = result["statuses"]
    wrk_5xx = sum(n for c, n in codes.items() if c >= 500)
    recycled = set(editor.recycled)
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
          f"{' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} after; {args.workers} workers, "
          f"{args.seconds} s, wrk -t2 -c{args.connections} over {count} addresses")  # fmt: skip
    print(f"wrk: {result['requests']} requests, {result['rps']:.0f} req/s, p50 "
          f"{result['p50']:.0f} ms, p99 {result['p99']:.0f} ms; by status "
          f"{dict(sorted(codes.items()))}; socket errors {result['socket_errors']}")  # fmt: skip
    print(f"  the 4xx: {sum(n for c, n in codes.items() if 400 <= c < 500)}, of "
          f"{len(recycled)} articles moved to the recycle bin during the run")  # fmt: skip
    print(f"beacons: {b['requests']} POSTs, {sum(answered.values())} answered 204, "
          f"{b['5xx']} 5xx, {b['no_answer']} no answer; lost views {sum(lost.values())}, "
          f"counted without an answer {extra}")  # fmt: skip
    print(f"editor: done {dict(editor.done)}, late {dict(editor.late)}, {len(editor.errors)} "
          f"errors, {editor.retried} requests sent again (no answer)")  # fmt: skip
    for line in editor.errors[:5]:
        print(f"  {line}")
    print(f"SIGKILLed workers (s, pid): {killed}")
    for status, path, body in beacons.bad_pages:
        print(f"  a {status} for {path}:\n{body[:500].decode(errors='replace')}")
    failed = wrk_5xx or b["5xx"] or lost or editor.errors or len(killed) < args.kills
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
