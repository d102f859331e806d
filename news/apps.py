from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "新闻中心"
    default_auto_field = "django.db.models.BigAutoField"
