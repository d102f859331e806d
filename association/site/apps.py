from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The association's own site: its settings, its pages, the home page, login locks."""

    name = "association.site"
    label = "association"  # the label (and so the tables) from before the app had a package
    verbose_name = "网站设置"
    default_auto_field = "django.db.models.BigAutoField"
