"""Removing registrants' personal data once an event (or a notice's 回执) is long past
(EVENTS_RETENTION_MONTHS)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Registration


def retention_cutoff(now):
    """Events that ended before this have their registrants' personal data removed."""
    return now - timedelta(days=round(settings.EVENTS_RETENTION_MONTHS * 30.44))


def expired_registrations(now):
    """Sign-ups for events that ended, or notices' 回执 that closed, before the cutoff; a 回执
    with no deadline at all counts from the day the reply came in."""
    cutoff = retention_cutoff(now)
    no_deadline = Q(reply__deadline__isnull=True, reply__article__reply_deadline__isnull=True)
    replies = (
        Q(reply__deadline__lt=cutoff)
        | Q(reply__deadline__isnull=True, reply__article__reply_deadline__lt=cutoff)
        | (no_deadline & Q(reply__isnull=False, created_at__lt=cutoff))
    )
    return Registration.objects.filter(Q(event__end__lt=cutoff) | replies).filter(
        anonymised_at__isnull=True
    )


def purge_personal_data(now=None, dry_run=False):
    """Blank out names, phones, e-mails, invoices, remarks and answers, delete the further
    attendees; the unit, headcount and fees stay for the statistics. Returns how many."""
    now = now or timezone.now()
    registrations = list(expired_registrations(now))
    if not dry_run:
        with transaction.atomic():
            for registration in registrations:
                registration.anonymise(now)
    return len(registrations)
