"""Taking a registration (for an event, or a notice's 回执): the deadline and the seats left
are checked while the event's (回执's) row is locked, so two people never take the last seat.

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

from .models import Attendee, Event, NoticeReply, Registration
from .models.registrations import new_reference

log = logging.getLogger(__name__)
SQLITE_TRIES = 40
CONFIRMATION_SALT = "events.registration"


class RegistrationRefused(Exception):
    """str() is the Chinese message the visitor sees."""


def refusal(target, now, headcount, taken):
    """Why this registration (or 回执) cannot be taken now, or None."""
    if isinstance(target, NoticeReply):
        return reply_refusal(target, now, headcount, taken)
    event = target
    status = event.status_at(now)
    if not event.is_published or status == Event.Status.ENDED:
        return "本次活动已结束,不再接受报名。"
    if status != Event.Status.OPEN:
        return "本次活动的报名已于截止时间结束,不再接受报名。如有疑问请联系会务组。"
    return seats_refusal(event, headcount, taken, "本次活动", "报名")


def reply_refusal(reply, now, headcount, taken):
    if not reply.is_published or not reply.enabled:
        return "本通知不再接受在线回执。如有疑问请联系协会秘书处。"
    if reply.status_at(now) != NoticeReply.Status.OPEN:
        return "回执已截止:本通知的回执已于截止时间结束,不再接受。如有疑问请联系协会秘书处。"
    return seats_refusal(reply, headcount, taken, "本通知的回执", "回执")


def seats_refusal(target, headcount, taken, what, act):
    if target.capacity is not None:
        left = target.capacity - taken
        if left <= 0:
            return f"很抱歉,{what}名额已满,不再接受{act}。"
        if headcount > left:
            return f"很抱歉,{what}只剩 {left} 个名额,请减少参会人数后再提交。"
    return None


def duplicate_message(target):
    if isinstance(target, NoticeReply):
        return "这个手机号已经提交过本通知的回执,无需重复提交;如需修改请联系协会秘书处。"
    return "这个手机号已经报名了本次活动,无需重复报名;如需修改请联系会务组。"


def register(target_pk, fields, attendees, answers, kind=Event):
    """Save a registration for the event (kind=NoticeReply: a 回执 for the notice); raises
    RegistrationRefused with the reason."""
    for attempt in range(SQLITE_TRIES):
        try:
            return _register_once(kind, target_pk, fields, attendees, answers)
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01 * (attempt + 1) + random.random() * 0.02)  # noqa: S311 - jitter
    raise RegistrationRefused("提交的人较多,系统繁忙,请稍后再提交一次。")


def _register_once(kind, target_pk, fields, attendees, answers):
    headcount = 1 + len(attendees)
    with transaction.atomic():
        locked = kind.objects.select_for_update(of=("self",))
        if kind is NoticeReply:
            locked = locked.select_related("article")
        target = locked.get(pk=target_pk)
        now = timezone.now()
        taken = target.seats_taken()
        reason = refusal(target, now, headcount, taken)
        if reason:
            raise RegistrationRefused(reason)
        per_person = target.price_for(fields["is_member"], now)
        if kind is NoticeReply:
            where = {"reply": target, "reference": new_reference("HZ")}
        else:
            where = {"event": target}
        registration = Registration(
            headcount=headcount, answers=answers, created_at=now,
            fee_per_person=per_person, fee_total=per_person * headcount, **where, **fields,
        )  # fmt: skip
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise RegistrationRefused(duplicate_message(target)) from error
        Attendee.objects.bulk_create(
            Attendee(registration=registration, **person) for person in attendees
        )
        if target.is_full(taken + headcount):
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
        Registration.objects.select_related("event", "reply__article__section")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )


def send_confirmation(registration):
    """The confirmation e-mail; a mail server that fails never loses the registration."""
    target = registration.target
    context = {"registration": registration, "event": target}
    if registration.reply_id:
        subject = f"回执确认:{target.title}(回执编号 {registration.reference})"
        template = "events/email/reply_confirmation.txt"
    else:
        subject = f"报名确认:{target.title}(报名编号 {registration.reference})"
        template = "events/email/confirmation.txt"
    try:
        send_mail(
            subject.replace("\n", " "),
            render_to_string(template, context),
            None,
            [registration.email],
        )
    except Exception:
        # The reference only: no name or address in the logs.
        log.exception("events: confirmation e-mail for %s not sent", registration.reference)
