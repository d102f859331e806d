"""gunicorn settings for `make serve` and production (`gunicorn -c gunicorn.conf.py`)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: WhiteNoise does not support ASGI, and each request is short.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
wsgi_app = "association.wsgi:application"
# Workers share the imported code (copy-on-write) and start fast.
preload_app = True
# A worker that has served this many requests is replaced (memory stays bounded); its view
# counts are flushed on the way out by worker_exit below.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 20
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# gunicorn 27 opens a control socket in $HOME/.gunicorn; not wanted where HOME is read-only.
control_socket_disable = True


def post_worker_init(worker):
    import news.counting  # noqa: F401 - registers the view counts before the timer starts
    from association.web.counters import start_flush_timer
    from association.web.pagecache.version import start_watcher

    start_flush_timer()
    start_watcher()  # only when PAGE_FILES_DIR is set


def worker_exit(server, worker):
    # Graceful stop, restart or max_requests: write this worker's pending view counts.
    from association.web.counters import flush_quietly

    flush_quietly()
