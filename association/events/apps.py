from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events (会议活动) and their registrations (报名 / 回执)."""

    name = "association.events"
    label = "events"
    verbose_name = "会议活动"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(ensure_groups_after_migrate, sender=self)


def ensure_groups_after_migrate(sender, **kwargs):
    """post_migrate: bring 会务 back after a database flush (tests, restores)."""
    from django.contrib.auth.models import Group, Permission

    from .roles import ensure_groups

    ensure_groups(Group, Permission)
