"""Taking a registration: the deadline and the seats left are checked while the event's row is
locked, so two people can never take the last seat between them.

PostgreSQL: SELECT … FOR UPDATE on the event row makes concurrent sign-ups for one event wait
for each other. SQLite has no row locks but lets one writer at a time: a sign-up that finds the
database busy is rolled back and tried again from the start, so it counts the seats afresh.
"""

import logging
import random
import time

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from association.web.pagecache.version import bump_content_version

from .models import Attendee, Event, Registration

log = logging.getLogger(__name__)
SQLITE_TRIES = 40
CONFIRMATION_SALT = "events.registration"


class RegistrationRefused(Exception):
    """str() is the Chinese message the visitor sees."""


def refusal(event, now, headcount, taken):
    """Why this registration cannot be taken now, or None."""
    status = event.status_at(now)
    if not event.is_published or status == Event.Status.ENDED:
        return "本次活动已结束,不再接受报名。"
    if status != Event.Status.OPEN:
        return "本次活动的报名已于截止时间结束,不再接受报名。如有疑问请联系会务组。"
    if event.capacity is not None:
        left = event.capacity - taken
        if left <= 0:
            return "很抱歉,本次活动名额已满,不再接受报名。"
        if headcount > left:
            return f"很抱歉,本次活动只剩 {left} 个名额,请减少参会人数后再提交。"
    return None


def register(event_pk, fields, attendees, answers):
    """Save a registration for the event; raises RegistrationRefused with the reason."""
    for attempt in range(SQLITE_TRIES):
        try:
            return _register_once(event_pk, fields, attendees, answers)
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01 * (attempt + 1) + random.random() * 0.02)  # noqa: S311 - jitter
    raise RegistrationRefused("报名的人较多,系统繁忙,请稍后再提交一次。")


def _register_once(event_pk, fields, attendees, answers):
    headcount = 1 + len(attendees)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_pk)
        now = timezone.now()
        taken = event.seats_taken()
        reason = refusal(event, now, headcount, taken)
        if reason:
            raise RegistrationRefused(reason)
        per_person = event.price_for(fields["is_member"], now)
        registration = Registration(
            event=event, headcount=headcount, answers=answers, created_at=now,
            fee_per_person=per_person, fee_total=per_person * headcount, **fields,
        )  # fmt: skip
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise RegistrationRefused(
                "这个手机号已经报名了本次活动,无需重复报名;如需修改请联系会务组。"
            ) from error
        Attendee.objects.bulk_create(
            Attendee(registration=registration, **person) for person in attendees
        )
        if event.is_full(taken + headcount):
            bump_content_version()  # the pages now say 名额已满
        transaction.on_commit(lambda: send_confirmation(registration))
    return registration


def seats_changed(event, was_full):
    """After staff cancel or restore registrations: renew the pages if 名额已满 changed."""
    if event.is_full() != was_full:
        bump_content_version()


def confirmation_token(registration):
    return signing.dumps(registration.pk, salt=CONFIRMATION_SALT)


def registration_from_token(token):
    """The registration a confirmation link names, or None (forged, expired, removed)."""
    try:
        pk = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=settings.EVENTS_CONFIRMATION_SECONDS
        )
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("event")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )


def send_confirmation(registration):
    """The confirmation e-mail; a mail server that fails never loses the registration."""
    context = {"registration": registration, "event": registration.event}
    subject = f"报名确认:{registration.event.title}(报名编号 {registration.reference})"
    try:
        send_mail(
            subject.replace("\n", " "),
            render_to_string("events/email/confirmation.txt", context),
            None,
            [registration.email],
        )
    except Exception:
        # The reference only: no name or address in the logs.
        log.exception("events: confirmation e-mail for %s not sent", registration.reference)
