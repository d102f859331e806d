"""Settings for outside services, each read from one environment variable.

Kept apart from base.py so every environment (and the two-process test) builds them the same way.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url


def cache_from_url(url, base_dir):
    """Turn CACHE_URL into a CACHES entry.

    locmem://            this process only (tests, one dev server)
    file:///abs/path     a folder shared by the processes of one machine
                         (file:var/cache is relative to the project)
    redis://host:port/db Django's RedisCache with one client per worker
                         (association/web/rediscache.py), shared by several machines
    dummy://             no caching at all
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    prefix = options.pop("prefix", "")
    if scheme in ("redis", "rediss", "unix"):
        location = url.split("?", 1)[0]
        config = {"BACKEND": "association.web.rediscache.RedisCache", "LOCATION": location}
    elif scheme == "file":
        path = Path(unquote(parts.path or parts.netloc))
        if not path.is_absolute():
            path = Path(base_dir) / (parts.netloc + parts.path).lstrip("/")
        config = {
            # FileBasedCache, but culling lists the folder now and then, not on every write.
            "BACKEND": "association.web.filecache.FileCache",
            "LOCATION": str(path),
            "OPTIONS": {"MAX_ENTRIES": int(options.pop("max_entries", 20000))},
        }
    elif scheme == "locmem":
        config = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "default",
            "OPTIONS": {"MAX_ENTRIES": int(options.pop("max_entries", 5000))},
        }
    elif scheme == "dummy":
        config = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    else:
        raise ValueError(f"CACHE_URL: unknown scheme {scheme!r} (use locmem, file, redis or dummy)")
    if prefix:
        config["KEY_PREFIX"] = prefix
    return config


def replica_databases(env_value, conn_max_age):
    """DATABASE_REPLICA_URLS (comma-separated) as extra DATABASES entries replica1, replica2…"""
    urls = [u.strip() for u in (env_value or "").split(",") if u.strip()]
    return {
        f"replica{n}": dj_database_url.parse(url, conn_max_age=conn_max_age)
        for n, url in enumerate(urls, start=1)
    }


def tune_postgresql(database, environ=os.environ):
    """Tell PostgreSQL's planner, per connection, that random reads are cheap here.

    The default random_page_cost (4) assumes spinning disks: with it, counting the articles of
    a big tag (10,000 of 100,000) joined the whole article table by a sequential scan instead
    of looking each one up by its key. A newsroom's tables sit in memory or on SSD, where 1.1
    is the usual figure. DB_RANDOM_PAGE_COST sets another value; empty leaves the server's.
    """
    cost = environ.get("DB_RANDOM_PAGE_COST", "1.1").strip()
    if cost and database.get("ENGINE", "").endswith("postgresql"):
        float(cost)  # a typo fails at start-up, not in the connection string
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c random_page_cost={cost}".strip()
    return database


def s3_storage(environ=os.environ):
    """Media on S3-compatible storage when DJANGO_S3_BUCKET is set; None keeps local files."""
    bucket = environ.get("DJANGO_S3_BUCKET", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("DJANGO_S3_REGION") or None,
        "access_key": environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
        "location": environ.get("DJANGO_S3_PREFIX", "media"),
        "querystring_auth": environ.get("DJANGO_S3_SIGNED_URLS", "0") == "1",
        "file_overwrite": False,
        "default_acl": None,
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {key: value for key, value in options.items() if value is not None},
    }
