"""The events' models; imported here so Django registers them."""

from .events import RESERVED_SLUGS, Event, EventQuerySet, Question, next_event_change
from .registrations import PERSONAL_FIELDS, Attendee, Registration, RegistrationQuerySet

__all__ = [
    "Attendee", "Event", "EventQuerySet", "PERSONAL_FIELDS", "Question", "RESERVED_SLUGS",
    "Registration", "RegistrationQuerySet", "next_event_change",
]  # fmt: skip
