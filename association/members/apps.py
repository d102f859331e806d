from django.apps import AppConfig


class MembersConfig(AppConfig):
    """Member companies, the articles that mention them, and applications to join."""

    name = "association.members"
    label = "members"
    verbose_name = "会员单位"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import matching  # noqa: F401 - its receivers match new articles to members
