"""Run the outside judges against a production-style server and print their figures.

    make judge            # installs the npm judges into tools/judge/node_modules, then runs this
    .venv/bin/python tools/judge/run.py lighthouse axe   # only some judges

Starts gunicorn with association.settings.prod (DEBUG off, collected static files, WhiteNoise) on
a throw-away SQLite database with the demo content, then runs:
  - the Nu Html Checker (npm vnu-jar, needs Java) on the home, section, article, tag, all-tags,
    association and 404 pages;
  - axe-core injected into Debian's Chromium (via Python playwright) on the same pages, at 1366 px
    and 390 px;
  - Lighthouse 12 on the article and home pages (mobile, the default; median of three runs);
  - feedparser on every feed, and the sitemap index and its sitemaps parsed as XML with every
    <loc> absolute and answering 200.
Exits non-zero when a figure misses the issue's bar.
"""

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
JUDGE = ROOT / "tools" / "judge"
NODE = JUDGE / "node_modules"
OUT = ROOT / "artifacts" / "judge"
PORT = int(os.environ.get("JUDGE_PORT", "8103"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
EXAMPLE_TITLE = "中欧水处理及膜技术创新产业园建设工作领导小组成立"
LIGHTHOUSE_BARS = {"accessibility": 95, "best-practices": 95, "seo": 95, "performance": 90}
PYTHON = sys.executable


def server_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="association.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_SERVE_MEDIA="1",
        DJANGO_MEDIA_ROOT=str(OUT / "media"),
        DATABASE_URL=f"sqlite:///{OUT / 'judge.sqlite3'}",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


def fetch(path, expect=200):
    url = path if path.startswith("http") else BASE + path
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    if expect is not None and status != expect:
        raise AssertionError(f"{url} answered {status}, expected {expect}")
    return body


def start_server(env):
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in ("judge.sqlite3", "media"):
        target = OUT / stale
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "--clear")
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 -- closed with the process
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "association.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "2", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(100):
        try:
            fetch("/robots.txt")
            return server
        except (OSError, AssertionError):
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not start; see {OUT / 'gunicorn.log'}")


def pages(env):
    article_id = manage(
        env, "shell", "-c",
        f"from news.models import Article; print(Article.objects.get(title={EXAMPLE_TITLE!r}).pk)",
    ).splitlines()[-1]  # fmt: skip
    member_url = manage(
        env, "shell", "-c",
        "from association.members.models import Member; "
        "print(Member.objects.published().filter(mentions__isnull=False).first()"
        ".get_absolute_url())",
    ).splitlines()[-1]  # fmt: skip
    return {
        "home": ("/", 200),
        "section": ("/section/xhdt/", 200),
        "article": (f"/article/{article_id}/", 200),
        "tag": ("/tags/" + quote("膜技术") + "/", 200),
        "all-tags": ("/tags/", 200),
        "about": ("/about/about/", 200),
        "members": ("/members/", 200),
        "member": (member_url, 200),
        "apply": ("/members/apply/", 200),
        "events": ("/events/", 200),
        "event": ("/events/annual-conference/", 200),
        "event-calendar": ("/events/calendar/", 200),
        "event-register": ("/events/annual-conference/register/", 200),
        "404": ("/no/such/page/", 404),
    }


def run_vnu(targets):
    html_dir = OUT / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, (path, status) in targets.items():
        files[name] = html_dir / f"{name}.html"
        files[name].write_bytes(fetch(path, expect=status))
    jar = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css",
         *map(str, files.values())],
        capture_output=True, text=True,
    )  # fmt: skip
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    figures = {}
    for name, file in files.items():
        mine = [m for m in messages if m.get("url", "").endswith("/" + file.name)]
        errors = [m for m in mine if m["type"] == "error" or m.get("subType") == "fatal"]
        warnings = [m for m in mine if m.get("subType") == "warning"]
        figures[name] = {"errors": len(errors), "warnings": len(warnings)}
        for m in errors + warnings:
            print(f"    vnu {name}: {m.get('subType', m['type'])}: {m['message']} "
                  f"[line {m.get('lastLine')}] {m.get('extract', '')!r}")  # fmt: skip
    css = subprocess.run(
        ["java", "-jar", str(jar), "--css", "--format", "json",
         str(ROOT / "static" / "css" / "site.css"), str(ROOT / "static" / "css" / "print.css")],
        capture_output=True, text=True,
    )  # fmt: skip
    css_messages = json.loads(css.stderr or '{"messages": []}')["messages"]
    css_errors = [m for m in css_messages if m["type"] == "error"]
    for m in css_errors:
        where = f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}"
        print(f"    vnu css: {m['message']} [{where}]")
    figures["css"] = {"errors": len(css_errors), "warnings": len(css_messages) - len(css_errors)}
    return figures


def run_axe(targets):
    from playwright.sync_api import sync_playwright

    axe_source = (NODE / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    figures = {}
    shots = OUT / "shots"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        for width, height in ((1366, 900), (390, 844)):
            context = browser.new_context(
                viewport={"width": width, "height": height}, bypass_csp=True
            )
            page = context.new_page()
            for name, (path, _) in targets.items():
                page.goto(BASE + path, wait_until="load")
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
                page.evaluate(axe_source)
                result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
                for violation in result["violations"]:
                    counts[violation["impact"] or "minor"] += len(violation["nodes"])
                    if violation["impact"] in ("serious", "critical", "moderate"):
                        print(f"    axe {name}@{width}: {violation['impact']}: {violation['id']}: "
                              f"{violation['help']} ({len(violation['nodes'])}) "
                              f"{violation['nodes'][0]['target']}")  # fmt: skip
                figures[f"{name}@{width}"] = counts
            context.close()
        browser.close()
    return figures


def run_lighthouse(name, path, runs=3):
    """Median of several runs per category, as Lighthouse's own docs advise for noisy machines."""
    per_run = [lighthouse_once(name, path, n) for n in range(runs)]
    per_run = [scores for scores in per_run if scores]
    print(f"    lighthouse {name} runs: {per_run}")
    if not per_run:
        return {}
    return {key: statistics.median(r[key] for r in per_run) for key in per_run[0]}


def lighthouse_once(name, path, n):
    report = OUT / f"lighthouse-{name}-{n}.json"
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(
        [str(NODE / ".bin" / "lighthouse"), BASE + path, "--quiet", "--output=json",
         f"--output-path={report}", "--chrome-flags=" + " ".join(CHROME_ARGS),
         "--only-categories=performance,accessibility,best-practices,seo"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode:
        print(result.stderr[-2000:])
        return {}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
    for key, cat in data["categories"].items():
        for ref in cat["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                print(f"    lighthouse {name} {key}: {ref['id']} = {audit['score']} "
                      f"{audit.get('displayValue', '')}")  # fmt: skip
    return scores


def run_feeds():
    import feedparser

    figures = {}
    for path in ("/rss/", "/atom/", "/section/xhdt/rss/", "/section/xhdt/atom/"):
        parsed = feedparser.parse(fetch(path))
        links_absolute = all(e.link.startswith(BASE + "/") for e in parsed.entries)
        shanghai = all(
            e.get("published", e.get("updated", "")).endswith(("+0800", "+08:00"))
            for e in parsed.entries
        )
        figures[path] = {
            "bozo": int(bool(parsed.bozo)),
            "entries": len(parsed.entries),
            "absolute_links": links_absolute,
            "dates_in_shanghai": shanghai,
        }
        if parsed.bozo:
            print(f"    feed {path}: {parsed.bozo_exception!r}")
    return figures


def run_sitemap():
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.fromstring(fetch("/sitemap.xml"))
    problems = []
    if index.tag != f"{{{ns['s']}}}sitemapindex":
        problems.append(f"root is {index.tag}")
    children = index.xpath("//s:sitemap/s:loc/text()", namespaces=ns)
    urls = []
    for child in children:
        if not child.startswith(BASE + "/"):
            problems.append(f"sitemap address not absolute: {child}")
            continue
        tree = etree.fromstring(fetch(child))
        if tree.tag != f"{{{ns['s']}}}urlset":
            problems.append(f"{child}: root is {tree.tag}")
        for url in tree.xpath("//s:url", namespaces=ns):
            loc = url.findtext("s:loc", namespaces=ns)
            urls.append(loc)
            if not loc or not urlsplit(loc).scheme or not loc.startswith(BASE + "/"):
                problems.append(f"not absolute: {loc}")
    for loc in urls:
        try:
            fetch(loc)
        except AssertionError as error:
            problems.append(str(error))
    lastmods = len(
        etree.fromstring(fetch("/sitemap-articles.xml")).xpath("//s:lastmod", namespaces=ns)
    )
    robots = fetch("/robots.txt").decode()
    if f"Sitemap: {BASE}/sitemap.xml" not in robots:
        problems.append("robots.txt does not name the sitemap")
    for problem in problems:
        print(f"    sitemap: {problem}")
    return {"sitemaps": len(children), "urls": len(urls), "article_lastmods": lastmods,
            "problems": len(problems)}  # fmt: skip


def main():
    if not (NODE / "vnu-jar").exists():
        sys.exit("Judges not installed: run `make judge` (npm ci in tools/judge).")
    if shutil.which("java") is None:
        sys.exit("Java is missing: apt-get install -y default-jre-headless")
    env = server_env()
    server = start_server(env)
    wanted = set(sys.argv[1:]) or {"vnu", "axe", "lighthouse", "feeds", "sitemap"}
    results = {}
    try:
        targets = pages(env)
        if "vnu" in wanted:
            print("== Nu Html Checker")
            results["vnu"] = run_vnu(targets)
        if "axe" in wanted:
            print("== axe-core")
            results["axe"] = run_axe(targets)
        if "lighthouse" in wanted:
            print("== Lighthouse")
            results["lighthouse"] = {
                "article": run_lighthouse("article", targets["article"][0]),
                "home": run_lighthouse("home", "/"),
            }
        if "feeds" in wanted:
            print("== feeds")
            results["feeds"] = run_feeds()
        if "sitemap" in wanted:
            print("== sitemap")
            results["sitemap"] = run_sitemap()
    finally:
        server.terminate()
        server.wait(timeout=30)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return report(results)


def report(results):
    failures = []
    print("\n== Figures")
    for name, f in results.get("vnu", {}).items():
        print(f"vnu        {name:<10} errors {f['errors']:>2}  warnings {f['warnings']:>2}")
        if f["errors"]:
            failures.append(f"vnu {name}")
    for name, f in results.get("axe", {}).items():
        print(f"axe        {name:<14} critical {f['critical']}  serious {f['serious']}  "
              f"moderate {f['moderate']}  minor {f['minor']}")  # fmt: skip
        if f["critical"] or f["serious"]:
            failures.append(f"axe {name}")
    for name, scores in results.get("lighthouse", {}).items():
        print(f"lighthouse {name:<10} " + "  ".join(f"{k} {v}" for k, v in scores.items()))
        if name == "article":
            for key, bar in LIGHTHOUSE_BARS.items():
                if scores.get(key, 0) < bar:
                    failures.append(f"lighthouse {key}")
    for path, f in results.get("feeds", {}).items():
        print(f"feed       {path:<20} bozo {f['bozo']}  entries {f['entries']}  "
              f"absolute links {f['absolute_links']}  "
              f"+08:00 dates {f['dates_in_shanghai']}")  # fmt: skip
        if f["bozo"] or not f["entries"] or not f["absolute_links"] or not f["dates_in_shanghai"]:
            failures.append(f"feed {path}")
    s = results.get("sitemap")
    if s is None:
        print("\nALL CHOSEN JUDGES PASS" if not failures else "\nFAILED: " + ", ".join(failures))
        return 1 if failures else 0
    print(f"sitemap    {s['sitemaps']} sitemaps, {s['urls']} URLs, {s['article_lastmods']} article "
          f"lastmods, {s['problems']} problems")  # fmt: skip
    if s["problems"]:
        failures.append("sitemap")
    print("\nALL JUDGES PASS" if not failures else "\nFAILED: " + ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
