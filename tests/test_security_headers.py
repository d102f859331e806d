"""Response headers, the Content-Security-Policy, and production's `check --deploy`."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .factories import make_article, make_section, make_staff

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "association.settings.prod",
    "DJANGO_SECRET_KEY": "prod-test-" + "k3y-" * 14,
    "DJANGO_ALLOWED_HOSTS": "www.example.org",
}


def csp_directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class InlineCodeFinder(HTMLParser):
    """Collect inline scripts, style blocks, style="" and on*="" attributes of a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        # JSON-LD is data, never run, and CSP does not apply to it.
        is_data = dict(attrs).get("type") == "application/ld+json"
        if tag == "script" and "src" not in names and not is_data:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> block")
        self.found += [f"{tag} {name}=" for name in names if name == "style" or name[:2] == "on"]


@pytest.fixture
def public_urls(db):
    section = make_section(name="协会动态", slug="xhdt")
    article = make_article(section, tags=["膜技术"], body="<p>正文</p>")
    return ["/", section.get_absolute_url(), article.get_absolute_url(), "/tags/膜技术/"]


def test_public_pages_send_the_security_headers(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        policy = csp_directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]


def test_public_pages_need_no_inline_script_or_style(client, public_urls):
    for url in public_urls:
        finder = InlineCodeFinder()
        finder.feed(client.get(url).content.decode())
        assert finder.found == [], url


def test_error_pages_carry_the_policy_too(client, db):
    assert "script-src 'self'" in client.get("/section/nope/")["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/section/x/?page=%00")["Content-Security-Policy"]


def test_admin_extra_sources_apply_to_the_admin_only(client, db):
    client.force_login(make_staff())
    admin_policy = csp_directives(client.get("/admin/")["Content-Security-Policy"])
    assert admin_policy["style-src"] == ["'self'", "'unsafe-inline'"]
    # the body editor's import map, by hash, not 'unsafe-inline'
    assert "'unsafe-inline'" not in admin_policy["script-src"]
    assert any(source.startswith("'sha256-") for source in admin_policy["script-src"])
    public_policy = csp_directives(client.get("/")["Content-Security-Policy"])
    assert public_policy["style-src"] == ["'self'"] and public_policy["script-src"] == ["'self'"]


def run_prod(args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    # Our own interpreter with arguments written in this file, not outside input.
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **PROD_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy_without_warnings():
    result = run_prod(["manage.py", "check", "--deploy"])
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "security.W" not in result.stdout + result.stderr


def test_production_behind_a_redirecting_proxy_can_keep_secure_cookies():
    proxied = run_prod(
        ["manage.py", "check", "--deploy"],
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="1",
    )
    assert "security.W008" in proxied.stderr  # the redirect is the proxy's job now
    assert "security.W012" not in proxied.stderr and "security.W016" not in proxied.stderr
    plain_http = run_prod(["manage.py", "check", "--deploy"], DJANGO_SECURE_SSL_REDIRECT="0")
    assert "security.W012" in plain_http.stderr  # nobody gets insecure cookies unwarned


PROD_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# The manifest storage needs collectstatic; how static files are named is not under test here.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client()
plain = client.get("/admin/login/", HTTP_HOST="www.example.org")
secure = client.get("/admin/login/", HTTP_HOST="www.example.org", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "secure_status": secure.status_code,
    "headers": dict(secure.headers),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "csrf_cookie": secure.cookies["csrftoken"].output(),
}))
"""


def test_production_responses_carry_hsts_and_the_rest(tmp_path):
    # The admin login page touches no database table, so no database is needed here.
    result = run_prod(["-c", PROD_PROBE], DATABASE_URL=f"sqlite:///{tmp_path / 'none.db'}")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://www.example.org/admin/login/"
    assert probe["secure_status"] == 200
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert probe["session_cookie_secure"] and probe["csrf_cookie_secure"]
    assert "; Secure" in probe["csrf_cookie"]
