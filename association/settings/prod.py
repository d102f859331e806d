"""Production settings: everything comes from the environment."""

import os
import sys
from pathlib import Path

from .base import *  # noqa: F403
from .base import MEDIA_STORAGE, env_list
from .services import cache_from_url


def _require(name):
    value = os.environ.get(name, "").strip()
    if not value:
        sys.stderr.write(
            f"配置错误:生产环境必须设置环境变量 {name}。\n"
            f"Configuration error: the environment variable {name} must be set in production.\n"
        )
        raise SystemExit(2)
    return value


DEBUG = False
SECRET_KEY = _require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list(_require("DJANGO_ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = env_list(os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", ""))

STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))  # noqa: F405
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "association.web.storage.StaticFilesStorage"},
}
# WhiteNoise sends hashed names (collectstatic's manifest) with a ten-year, immutable max-age.

# Several gunicorn workers must share the page cache and its content version: without CACHE_URL
# they use a folder on this machine (needs no server); several machines need redis://.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "file:var/cache"), BASE_DIR)}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
# Behind a proxy that redirects to HTTPS itself, set DJANGO_SECURE_SSL_REDIRECT=0 and keep
# DJANGO_SECURE_COOKIES=1: the cookies must still never travel over plain HTTP.
_secure_cookies = os.environ.get("DJANGO_SECURE_COOKIES", "1" if SECURE_SSL_REDIRECT else "0")
SESSION_COOKIE_SECURE = _secure_cookies == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# E-mails (members' decisions, event registration confirmations) go out through this SMTP server.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "0") == "1"
