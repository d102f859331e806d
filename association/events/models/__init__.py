"""The events' models; imported here so Django registers them."""

from .events import RESERVED_SLUGS, Event, EventQuerySet, Question, next_event_change
from .registrations import PERSONAL_FIELDS, Attendee, Registration, RegistrationQuerySet
from .replies import NoticeReply, NoticeReplyQuerySet, next_reply_deadline

__all__ = [
    "Attendee", "Event", "EventQuerySet", "NoticeReply", "NoticeReplyQuerySet", "PERSONAL_FIELDS",
    "Question", "RESERVED_SLUGS", "Registration", "RegistrationQuerySet", "next_event_change",
    "next_reply_deadline",
]  # fmt: skip
