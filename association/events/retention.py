"""Removing registrants' personal data once an event is long past (EVENTS_RETENTION_MONTHS)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Registration


def retention_cutoff(now):
    """Events that ended before this have their registrants' personal data removed."""
    return now - timedelta(days=round(settings.EVENTS_RETENTION_MONTHS * 30.44))


def expired_registrations(now):
    return Registration.objects.filter(
        event__end__lt=retention_cutoff(now), anonymised_at__isnull=True
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
