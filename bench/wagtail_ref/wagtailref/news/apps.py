from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "wagtailref.news"
    label = "refnews"
    default_auto_field = "django.db.models.BigAutoField"
