"""A registration (报名 to an event, or a notice's 回执) and the further attendees it brings.

Personal data: staff see these only with the registration permissions (group 会务); no public
page shows them, backups include them, and purge_registrations blanks them out after
EVENTS_RETENTION_MONTHS.
"""

import secrets

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .events import Event
from .replies import NoticeReply

# No 0/O or 1/I: a reference read out on the phone must not be misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Fields cleared when personal data is removed (the unit, headcount and fees stay for statistics).
PERSONAL_FIELDS = ("name", "title", "mobile", "email", "invoice_title", "tax_number", "remarks")


def new_reference(prefix="BM"):
    """BM (报名; HZ for a 回执) + 8 random characters: short enough to read out, impossible
    to guess."""
    return prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def headcount(self):
        return self.aggregate(n=Coalesce(Sum("headcount"), 0))["n"]


class Registration(models.Model):
    # Nothing public shows a registration; a full event is announced by services.register().
    affects_public_pages = False

    class Status(models.TextChoices):
        REGISTERED = "registered", "已报名"
        CANCELLED = "cancelled", "已取消"

    # What was signed up for: an event, or a notice's 回执 (exactly one; see Meta).
    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="registrations",
        null=True, blank=True,
    )  # fmt: skip
    reply = models.ForeignKey(
        NoticeReply, verbose_name="通知回执", on_delete=models.CASCADE,
        related_name="registrations", null=True, blank=True,
    )  # fmt: skip
    reference = models.CharField(
        "报名编号", max_length=12, unique=True, default=new_reference, editable=False
    )
    organisation = models.CharField("单位名称", max_length=100)
    name = models.CharField("姓名", max_length=30)
    title = models.CharField("职务", max_length=50, blank=True)
    mobile = models.CharField("手机", max_length=11)
    email = models.EmailField("邮箱", max_length=100)
    is_member = models.BooleanField("会员单位", default=False)
    member = models.ForeignKey(
        "members.Member", verbose_name="认定的会员单位", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="按会员编号或单位名称在会员名录中找到的单位;会员价以此为准。",
    )  # fmt: skip
    invoice_title = models.CharField("发票抬头", max_length=100, blank=True)
    tax_number = models.CharField("税号", max_length=20, blank=True)
    remarks = models.TextField("备注", max_length=500, blank=True)
    answers = models.JSONField("附加问题回答", default=dict, blank=True)
    headcount = models.PositiveSmallIntegerField("人数", default=1)
    fee_per_person = models.DecimalField("每人费用(元)", max_digits=9, decimal_places=2, default=0)
    fee_total = models.DecimalField("应缴费用(元)", max_digits=10, decimal_places=2, default=0)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    paid = models.BooleanField("已缴费", default=False)
    paid_at = models.DateTimeField("缴费登记时间", null=True, blank=True)
    checked_in = models.BooleanField("已签到", default=False)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    created_at = models.DateTimeField("报名时间", default=timezone.now, db_index=True)
    anonymised_at = models.DateTimeField(
        "个人信息删除时间", null=True, blank=True, editable=False,
        help_text="超过保存期限后,姓名、手机等个人信息已删除。",
    )  # fmt: skip

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "报名"
        verbose_name_plural = "报名"
        constraints = [
            # One live sign-up per phone and event (or 回执); the form says so before this.
            models.UniqueConstraint(
                fields=["event", "mobile"],
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="registration_one_per_mobile",
            ),
            models.UniqueConstraint(
                fields=["reply", "mobile"],
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="reply_one_per_mobile",
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=False, reply__isnull=True)
                | Q(event__isnull=True, reply__isnull=False),
                name="registration_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registration_event_status"),
            models.Index(fields=["reply", "status"], name="registration_reply_status"),
        ]

    def __str__(self):
        return f"{self.reference} {self.organisation}"

    @property
    def target(self):
        """The event or the notice's 回执 this sign-up is for."""
        return self.event if self.event_id else self.reply

    def people(self):
        """Everyone this registration brings: the registrant first, then the attendees, then
        a blank line for each person counted but not named (the sign-in sheet has a row each)."""
        first = Attendee(name=self.name, title=self.title, mobile=self.mobile)
        named = [first, *self.attendees.all()]
        return named + [Attendee(name="") for _ in range(self.headcount - len(named))]

    def anonymise(self, now):
        for field in PERSONAL_FIELDS:
            setattr(self, field, "")
        self.answers = {}
        self.anonymised_at = now
        self.save()
        self.attendees.all().delete()


class Attendee(models.Model):
    """A further person coming with a registration (the registrant is not repeated here)."""

    affects_public_pages = False

    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="attendees"
    )
    name = models.CharField("姓名", max_length=30)
    title = models.CharField("职务", max_length=50, blank=True)
    mobile = models.CharField("手机", max_length=11, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"

    def __str__(self):
        return self.name
