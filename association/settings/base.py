"""Settings shared by every environment; nothing secret lives here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(value):
    """Split a comma-separated setting into a list."""
    return [item.strip() for item in value.split(",") if item.strip()]


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "axes",
    # The layers, lowest first (README, "Layout"): infrastructure, newsroom, the association.
    "association.web",
    "news",
    "news.search",
    "association.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP right after SecurityMiddleware so early answers (RejectNul) carry the policy too.
    "association.web.security.ContentSecurityPolicyMiddleware",
    "association.web.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous visitors, before sessions: a cached page needs none.
    "association.web.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "association.web.middleware.MessageMiddleware",  # Django's, with the store made when used
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "association.urls"
WSGI_APPLICATION = "association.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "association.site.context_processors.site",
            ],
        },
    },
]

# Unset DATABASE_URL means a SQLite file beside manage.py; postgres://... means PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One language: no LocaleMiddleware, which would only add "Vary: Accept-Language" (splitting
# every shared cache by the browser's language) and parse that header on every request.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Let Django itself serve uploads (covers) when no web server sits in front; DEBUG always does.
SERVE_MEDIA = os.environ.get("DJANGO_SERVE_MEDIA", "0") == "1"

# Pasted HTML from newspapers is large; keep the limit above a long article with images inline.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True

# A working day at most, and the login ends when the browser closes (shared office computers).
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "admin:login"

# --- Security: login throttling, response headers, Content-Security-Policy -------------------
# (association/web/security.py has the pieces these settings point to.)

AUTHENTICATION_BACKENDS = [
    "association.web.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Five wrong passwords for one username from one address lock that pair for 30 minutes; a
# stranger cannot lock the real editor out from her own office by guessing at her username.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "association.web.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "association.web.security.client_ip"
AXES_COOLOFF_MESSAGE = "登录失败次数过多,已暂时锁定,请 30 分钟后再试。"
AXES_ENABLE_ADMIN = False  # association/site/admin.py shows the locks in Chinese instead
# Reverse proxies in front of the site (nginx = 1); their X-Forwarded-For is trusted that deep.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Everything comes from this site; no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No report-only policy (django-csp sends a second header when this is set).
CONTENT_SECURITY_POLICY_REPORT_ONLY = None
# Extra sources for /admin/ pages only; the public pages never get these. The body editor
# (ProseMirror tables, admin autocomplete) writes style attributes and shows data: previews.
CONTENT_SECURITY_POLICY_ADMIN_EXTRA = {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}
# Callables giving the script-src hashes of the admin's inline scripts (the editor's import map).
CONTENT_SECURITY_POLICY_ADMIN_SCRIPTS = ["news.editor.importmap_csp_sources"]

# Who publishes the newsroom (an object with name, description, welcome_text): for the feeds.
NEWS_SITE = "association.site.chrome.site_settings"

# Reprint import (news/reprint): pages and images fetched from other sites.
# Internal addresses (private, loopback, link-local) are refused unless this is on; tests turn it
# on to fetch from a local server.
REPRINT_FETCH_ALLOW_PRIVATE = False
REPRINT_IMAGE_MAX_SIDE = 1600  # imported images wider or taller than this are scaled down

# Site search (news/search): the most matches one query ranks, and how often a worker checks
# whether editors changed the industry dictionary.
SEARCH_MAX_RESULTS = 500
SEARCH_DICTIONARY_CHECK_SECONDS = 5
SEARCH_SUGGEST_BELOW = 3  # a search finding fewer articles offers 您是不是要找 (a typo's fix)
SEARCH_VOCABULARY_SIZE = 10_000  # most frequent title terms kept in memory (about 9 MB)
SEARCH_VOCABULARY_TITLES = 20_000  # newest published titles the vocabulary is read from
SEARCH_VOCABULARY_SECONDS = 300  # how long a worker uses its vocabulary before reading it again
SEARCH_INSIDE_WORDS = 8  # longer words a word typed is also looked for inside (新产业: 创新产业园)

# --- Speed and scale: cache, sessions, page cache, replicas, media storage (docs/deploy.md) ---
from .services import cache_from_url, replica_databases, s3_storage, tune_postgresql  # noqa: E402

# locmem:// (default, this process), file:///path (processes of one machine) or redis://… .
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"), BASE_DIR)}
SESSION_ENGINE = os.environ.get(
    "DJANGO_SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "django.contrib.sessions.backends.db",
)

# Whole pages for anonymous visitors, invalidated by a content version
# (association/web/pagecache/ explains it all in its docstring).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") == "1"  # pages; pieces are always kept
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))  # seconds a page is kept
PAGE_CACHE_PIECE_TIMEOUT = 600  # seconds a piece of a page (counts, chrome, parts) is kept
# Apps whose model changes renew the content version (a model may opt out with
# affects_public_pages = False).
PAGE_CACHE_APPS = ["association", "news", "taggit", "search"]
# Callables giving the next moment a page changes with no save (a scheduled article).
PAGE_CACHE_SCHEDULES = ["news.models.next_scheduled_publish"]
PAGE_CACHE_EXEMPT_PREFIXES = ["/admin/", STATIC_URL, MEDIA_URL]  # never cached
PAGE_CACHE_QUERY_PARAMS = {"page"}  # query parameters that make another page everywhere
# The search page is cached too (its searches are counted by a beacon), per query and filters.
PAGE_CACHE_PATH_PARAMS = {
    "/search/": {"q", "section", "start", "end", "sort"},
    "/search/suggest/": {"q"},  # the search boxes' suggestions, per prefix
}
# Added by share buttons and apps; the page is the same without them (cached as the plain page).
PAGE_CACHE_IGNORED_PARAMS = {
    "from", "isappinstalled", "scene", "clicktime", "enterid", "share_token", "spm",
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid",
}  # fmt: skip
# Static copies of cached pages for the nginx front (pagecache/files.py); off when unset.
PAGE_FILES_DIR = os.environ.get("PAGE_FILES_DIR") or None
# Pages whose plain ?q=… queries are filed too (the nginx front's $newsroom_search_file).
PAGE_FILES_QUERY_PATHS = ("/search/",)

# View counts are kept in the cache (Redis) or the worker's memory and written in batches.
VIEW_COUNT_FLUSH_SECONDS = int(os.environ.get("VIEW_COUNT_FLUSH_SECONDS", "30"))
VIEW_COUNT_FLUSH_THRESHOLD = int(os.environ.get("VIEW_COUNT_FLUSH_THRESHOLD", "500"))
# Searches (热门搜索) are counted the same way; flushed when this many terms are pending.
SEARCH_COUNT_FLUSH_THRESHOLD = int(os.environ.get("SEARCH_COUNT_FLUSH_THRESHOLD", "100"))

# Optional read replicas for anonymous public pages: DATABASE_REPLICA_URLS=postgres://…,postgres://…
DATABASES.update(
    replica_databases(
        os.environ.get("DATABASE_REPLICA_URLS"), DATABASES["default"].get("CONN_MAX_AGE", 0)
    )
)
for _database in DATABASES.values():
    tune_postgresql(_database)
DATABASE_ROUTERS = ["association.web.dbrouter.PublicReadReplicaRouter"]
# Seconds after a change during which pages read the primary (a replica may lag behind).
DATABASE_REPLICA_GRACE_SECONDS = int(os.environ.get("DATABASE_REPLICA_GRACE_SECONDS", "5"))

# Media on S3-compatible object storage when DJANGO_S3_BUCKET is set; local files otherwise.
MEDIA_STORAGE = s3_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
