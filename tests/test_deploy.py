"""Settings for several servers, and two application processes sharing one database and cache."""

import re
import sqlite3
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import storages

from association.settings.services import (
    cache_from_url,
    replica_databases,
    s3_storage,
)
from association.web import dbrouter

from .servers import Browser, copy_site, free_port, redis_url, server_env, start_server

ROOT = Path(__file__).resolve().parent.parent


# --- settings from the environment


@pytest.mark.parametrize(
    "url,backend,location",
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "default"),
        ("file:///srv/cache", "association.web.filecache.FileCache", "/srv/cache"),
        ("file:var/cache", "association.web.filecache.FileCache", str(ROOT / "var/cache")),
        ("redis://10.0.0.5:6379/1", "django.core.cache.backends.redis.RedisCache",
         "redis://10.0.0.5:6379/1"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache", None),
    ],
)  # fmt: skip
def test_cache_url_selects_the_backend(url, backend, location):
    config = cache_from_url(url, ROOT)
    assert config["BACKEND"] == backend
    assert config.get("LOCATION") == location


def test_cache_url_prefix():
    config = cache_from_url("redis://127.0.0.1:6379/0?prefix=site1", ROOT)
    assert config["KEY_PREFIX"] == "site1" and config["LOCATION"] == "redis://127.0.0.1:6379/0"


def test_unknown_cache_url_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown scheme"):
        cache_from_url("memcached://127.0.0.1", ROOT)


def test_media_storage_is_local_unless_a_bucket_is_set():
    assert s3_storage({}) is None
    config = s3_storage(
        {
            "DJANGO_S3_BUCKET": "cmia-media",
            "DJANGO_S3_ENDPOINT_URL": "https://oss-cn-beijing.aliyuncs.com",
            "DJANGO_S3_ACCESS_KEY_ID": "id",
            "DJANGO_S3_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "cmia-media"
    assert config["OPTIONS"]["endpoint_url"] == "https://oss-cn-beijing.aliyuncs.com"
    assert config["OPTIONS"]["location"] == "media"


def test_s3_storage_builds_public_urls_without_a_request(settings):
    from storages.backends.s3 import S3Storage

    options = s3_storage(
        {
            "DJANGO_S3_BUCKET": "cmia-media",
            "DJANGO_S3_CUSTOM_DOMAIN": "media.example.org",
            "DJANGO_S3_ACCESS_KEY_ID": "id",
            "DJANGO_S3_SECRET_ACCESS_KEY": "secret",
        }
    )["OPTIONS"]
    storage = S3Storage(**options)
    url = storage.url("covers/2026/11/膜.jpg")
    assert url.startswith("https://media.example.org/media/covers/2026/11/")
    assert storages["default"].__class__.__name__ == "FileSystemStorage"  # tests stay local


def test_replicas_come_from_the_environment():
    replicas = replica_databases("postgres://r1/db, postgres://r2/db", 60)
    assert sorted(replicas) == ["replica1", "replica2"]
    assert replicas["replica1"]["HOST"] == "r1" and replicas["replica1"]["CONN_MAX_AGE"] == 60
    assert replica_databases("", 0) == {}


def test_postgresql_connections_are_told_that_random_reads_are_cheap():
    from association.settings.services import tune_postgresql

    def pg():
        return {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"sslmode": "require"}}

    tuned = tune_postgresql(pg(), {})
    assert tuned["OPTIONS"] == {"sslmode": "require", "options": "-c random_page_cost=1.1"}
    assert tune_postgresql(pg(), {"DB_RANDOM_PAGE_COST": "2"})["OPTIONS"]["options"] == (
        "-c random_page_cost=2"
    )
    assert "options" not in tune_postgresql({"ENGINE": "x.postgresql"}, {"DB_RANDOM_PAGE_COST": ""})
    assert tune_postgresql({"ENGINE": "django.db.backends.sqlite3"}, {}) == {
        "ENGINE": "django.db.backends.sqlite3"
    }
    with pytest.raises(ValueError):
        tune_postgresql(pg(), {"DB_RANDOM_PAGE_COST": "cheap"})


@pytest.mark.django_db
def test_the_setting_reaches_the_database_server():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_router_reads_public_pages_from_a_replica_and_writes_to_the_primary(monkeypatch):
    router = dbrouter.PublicReadReplicaRouter()
    monkeypatch.setattr(router, "_replicas", lambda: ["replica1"])
    assert router.db_for_read(None) == "default"
    with dbrouter.public_reads(time.time() - 60):
        assert router.db_for_read(None) == "replica1"
        assert router.db_for_write(None) == "default"
    with dbrouter.public_reads(time.time()):  # just changed: replica may lag
        assert router.db_for_read(None) == "default"
    assert router.allow_migrate("replica1", "news") is False


# --- two application processes, one database, one cache


@pytest.mark.parametrize("cache", ["file", "redis"])
def test_a_change_published_through_one_server_is_fresh_on_the_other(
    tmp_path, cache, demo_site, collected_static
):
    prefix = f"two-servers-{uuid.uuid4().hex[:8]}"
    if cache == "redis":
        cache_url = f"{redis_url()}?prefix={prefix}"
    else:
        cache_url = f"file://{tmp_path / 'cache'}"
    env = server_env(tmp_path, cache_url, static_root=collected_static)
    copy_site(demo_site, tmp_path)
    one, two = free_port(), free_port()
    servers = [start_server(env, one), start_server(env, two)]
    try:
        editor, visitor = Browser(f"http://127.0.0.1:{one}"), Browser(f"http://127.0.0.1:{two}")
        visitor.get("/")
        status, headers, html = visitor.get("/")
        assert status == 200 and headers["X-Page-Cache"] == "hit"
        assert "两台服务器之间的新消息" not in html

        editor.post(
            "/admin/login/?next=/admin/", {"username": "admin", "password": "two-servers-pw-1"}
        )
        section_id = (
            sqlite3.connect(tmp_path / "db.sqlite3")
            .execute("SELECT id FROM news_section WHERE slug = 'xhdt'")
            .fetchone()[0]
        )
        status, _ = editor.post(
            "/admin/news/article/add/",
            {
                "title": "两台服务器之间的新消息", "section": section_id,
                "body": "<p>经一号服务器发布。</p>", "summary": "", "tags": "膜技术",
                "source": "", "author_title": "记者", "author": "", "original_url": "",
                "status": "published", "published_at_0": "2020-01-01",
                "published_at_1": "08:00:00", "cover_alt": "",
                "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
            },
        )  # fmt: skip
        assert status == 200

        status, headers, html = visitor.get("/")
        assert "两台服务器之间的新消息" in html and headers["X-Page-Cache"] == "miss"
        status, _, html = visitor.get("/section/xhdt/")
        assert "两台服务器之间的新消息" in html

        # make serve's static files: hashed names, compressed, cached for years.
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
        status, headers, _ = visitor.get(css)
        assert status == 200 and "immutable" in headers["Cache-Control"]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        if cache == "redis":
            import redis

            client = redis.Redis.from_url(redis_url())
            for key in client.scan_iter(match=f"{prefix}*"):
                client.delete(key)
