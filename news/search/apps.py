from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "news.search"
    label = "search"
    verbose_name = "站内搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
