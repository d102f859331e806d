"""The events' admin screens, one module each; imported here so Django registers them."""

from .events import EventAdmin, QuestionInline
from .registrations import AttendeeInline, RegistrationAdmin
from .replies import NoticeReplyAdmin

__all__ = [
    "AttendeeInline", "EventAdmin", "NoticeReplyAdmin", "QuestionInline", "RegistrationAdmin",
]  # fmt: skip
