from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events (会议活动) and their registrations (报名 / 回执)."""

    name = "association.events"
    label = "events"
    verbose_name = "会议活动"
    default_auto_field = "django.db.models.BigAutoField"
