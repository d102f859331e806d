from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "新闻中心"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import rendering, revisions  # noqa: F401 - revisions: keeps one of every save
        from .roles import ensure_groups_after_migrate

        # The groups come from a data migration; a flush (tests, restore) would lose them.
        post_migrate.connect(ensure_groups_after_migrate, sender=self)
        rendering.connect_signals()
