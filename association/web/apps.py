from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site's infrastructure: page cache, counters, security, storage, backup. No models."""

    name = "association.web"
    label = "web"
    verbose_name = "网站基础设施"

    def ready(self):
        from .pagecache.version import connect_signals

        connect_signals()
