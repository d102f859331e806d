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
    "association.members",
    "association.events",
    "captcha",  # django-simple-captcha: drawn here, no outside service (the join form)
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
        # A kept connection is checked before a request reuses it: after a database restart
        # the next request connects afresh instead of failing (bench/faults.py).
        conn_health_checks=True,
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
# Applicants' documents: never under MEDIA_ROOT, never served by a web server (staff download
# them through a view that checks the permission); backups include them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
# Let Django itself serve uploads (covers) when no web server sits in front; DEBUG always does.
SERVE_MEDIA = os.environ.get("DJANGO_SERVE_MEDIA", "0") == "1"

# Pasted HTML from newspapers is large; keep the limit above a long article with images inline.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True

ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024  # the largest attachment (附件) an editor may upload
# Behind nginx: the internal location attachments are sent from (X-Accel-Redirect), e.g.
# /_attachments/ (deploy/nginx/newsroom.conf); unset, Django sends the file itself.
ATTACHMENT_X_ACCEL_PREFIX = os.environ.get("DJANGO_ATTACHMENT_X_ACCEL_PREFIX") or None
# Text of PDF/.docx/.xlsx attachments for search (news/extraction.py): read after the upload is
# saved, in a thread (off: in the request, for tests), in a child process with these budgets.
ATTACHMENT_TEXT_IN_BACKGROUND = True
ATTACHMENT_TEXT_SECONDS = 20  # a file's reading is stopped after this, keeping what was read
ATTACHMENT_TEXT_MAX_CHARS = 200_000  # characters kept per file
ATTACHMENT_TEXT_MEMORY_MB = 512  # memory the reading process may take beyond its start
ATTACHMENT_TEXT_MAX_UNPACKED = 200 * 1024 * 1024  # a .docx/.xlsx unpacking to more is not read

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
# Links an article page shows to the association's apps (the events a notice announces, its 回执):
# callables taking the article and returning links; the newsroom imports none of the apps.
NEWS_ARTICLE_LINKS = [
    "association.events.links.events_of_article",
    "association.events.links.reply_of_article",
]

# Reprint import (news/reprint): pages and images fetched from other sites.
# Internal addresses (private, loopback, link-local) are refused unless this is on; tests turn it
# on to fetch from a local server.
REPRINT_FETCH_ALLOW_PRIVATE = False
REPRINT_IMAGE_MAX_SIDE = 1600  # imported images wider or taller than this are scaled down
# The review page keeps a pasted or fetched page up to this many characters in a hidden field, so
# that 设为标题 / 设为来源 can read it again; a longer one is not kept (the fields stay editable).
REPRINT_REVIEW_SOURCE_MAX_CHARS = 500_000

# Site search (news/search): the most matches one query ranks, and how often a worker checks
# whether editors changed the industry dictionary.
SEARCH_MAX_RESULTS = 500
SEARCH_DICTIONARY_CHECK_SECONDS = 5
SEARCH_SUGGEST_BELOW = 3  # a search finding fewer articles offers 您是不是要找 (a typo's fix)
SEARCH_VOCABULARY_SIZE = 10_000  # most frequent title terms kept in memory (about 9 MB)
SEARCH_VOCABULARY_TITLES = 20_000  # newest published titles the vocabulary is read from
SEARCH_VOCABULARY_SECONDS = 300  # how long a worker uses its vocabulary before reading it again
SEARCH_VOCABULARY_IN_BACKGROUND = True  # a stale vocabulary is served while a thread rebuilds it
SEARCH_VOCABULARY_SHARED_SECONDS = 86_400  # how long a build is kept in the shared cache for others
SEARCH_VOCABULARY_BUILD_SECONDS = 120  # after this a build another process started is presumed dead
SEARCH_INSIDE_WORDS = 8  # longer words a word typed is also looked for inside (新产业: 创新产业园)

# Links in the main navigation after the sections and pages: (title, URL name). The apps'
# own pages (the member directory) are listed here so the site chrome need not import them.
SITE_NAV_LINKS = [("会员单位", "members:directory"), ("会议活动", "events:event-list")]

# --- Members (association/members): the directory and applying to join ------------------------
MEMBERS_PAGE_SIZE = 30  # members a directory page lists
MEMBERS_MENTIONS_SHOWN = 20  # articles a member page lists
# Applications one address may send per hour; from MEMBERS_CAPTCHA_AFTER on a CAPTCHA is asked.
MEMBERS_APPLY_LIMIT = 10
MEMBERS_CAPTCHA_AFTER = 3
MEMBERS_APPLY_WINDOW_SECONDS = 3600
MEMBERS_UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # one licence or application form
MEMBERS_STAGED_UPLOAD_SECONDS = 24 * 3600  # a refused form's uploads are kept this long
# Who the applicants' e-mails (each staff decision) come from, and how they are sent
# (console in development; production sets DJANGO_EMAIL_BACKEND and the EMAIL_HOST_* settings).
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# django-simple-captcha: four letters, drawn with its own font; noise kept readable.
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes a CAPTCHA stays valid

# --- Events (association/events): the events pages and registration (报名 / 回执) ---------------
EVENTS_PAGE_SIZE = 20  # events a list page shows
EVENTS_FEED_SIZE = 100  # upcoming events the iCal feed lists
EVENTS_MAX_ATTENDEES = 9  # further attendees one registration may bring besides the registrant
# Registrations one address may send per window; from EVENTS_CAPTCHA_AFTER on a CAPTCHA is asked.
EVENTS_REGISTER_LIMIT = 10
EVENTS_CAPTCHA_AFTER = 3
EVENTS_REGISTER_WINDOW_SECONDS = 3600
# Registrants' personal data is removed (purge_registrations) this many months after the event.
EVENTS_RETENTION_MONTHS = int(os.environ.get("EVENTS_RETENTION_MONTHS", "24"))
# The confirmation page's link stays valid this long (it shows the reference and the name).
EVENTS_CONFIRMATION_SECONDS = 7 * 24 * 3600

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
PAGE_CACHE_OUTAGE_LOG_SECONDS = 60  # a cache outage logs its traceback once this often per kind
# Apps whose model changes renew the content version (a model may opt out with
# affects_public_pages = False).
PAGE_CACHE_APPS = ["association", "news", "taggit", "search", "members", "events"]
# Callables giving the next moment a page changes with no save (a scheduled article, a notice
# reaching its deadline).
PAGE_CACHE_SCHEDULES = [
    "news.models.next_scheduled_publish",
    "news.models.next_notice_deadline",
    "association.events.models.next_event_change",  # an event's registration closes, starts, ends
    "association.events.models.next_reply_deadline",  # a notice's 回执 closes (its own deadline)
]
# never cached (CAPTCHA images are new for every form)
PAGE_CACHE_EXEMPT_PREFIXES = ["/admin/", STATIC_URL, MEDIA_URL, "/captcha/"]
PAGE_CACHE_QUERY_PARAMS = {"page"}  # query parameters that make another page everywhere
# The search page and the document centre are cached too, per query and filters (searches are
# counted by a beacon).
PAGE_CACHE_PATH_PARAMS = {
    "/search/": {"q", "section", "start", "end", "sort"},
    "/downloads/": {"type", "section", "year", "q"},  # 下载中心's filters
    "/members/": {"q", "province", "field"},  # the member directory's filters
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
VIEW_COUNT_FLUSH_LOCK_SECONDS = (
    30  # longest a flush holds the Redis lock (one cut off frees it then)
)
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
