from django.apps import AppConfig


class AssociationConfig(AppConfig):
    name = "association"
    verbose_name = "网站设置"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
