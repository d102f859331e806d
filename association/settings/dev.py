import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
# A fixed key is fine for the local dev server only; prod.py demands a real one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-5b1e0c7d")  # noqa: S105
ALLOWED_HOSTS = env_list(os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]"))
# Template edits do not change the content version: the dev server renders every page afresh
# unless PAGE_CACHE=1 (make serve and the tests run with the page cache).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "0") == "1"
