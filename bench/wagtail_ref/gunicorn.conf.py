"""gunicorn for the Wagtail reference: the same worker model as the site's gunicorn.conf.py."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
wsgi_app = "wagtailref.wsgi:application"
preload_app = True
timeout = 30
errorlog = "-"
control_socket_disable = True
