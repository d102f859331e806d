import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .services import cache_from_url

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-private-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test process has its own cache, whatever CACHE_URL the shell has.
CACHES = {"default": cache_from_url("locmem://tests", BASE_DIR)}  # noqa: F405
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVE_MEDIA = True  # the browser tests show cover images through the live server
ATTACHMENT_TEXT_IN_BACKGROUND = False  # tests see the text once the save has committed
# Each test makes its own articles: the vocabulary follows every content version at once.
SEARCH_VOCABULARY_SECONDS = 0
SEARCH_VOCABULARY_IN_BACKGROUND = False  # tests that want the rebuild thread turn it on
