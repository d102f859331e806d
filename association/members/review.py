"""The staff's review of an application: each decision is recorded, mailed to the applicant,
and approving makes the member from what the applicant typed."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .emails import send_decision
from .models import ApplicationDecision, Member, MembershipApplication

log = logging.getLogger(__name__)
Status = MembershipApplication.Status
DECISIONS = [Status.APPROVED, Status.NEEDS_MORE, Status.REJECTED]
# Fields that go from the application to the member unchanged.
COPIED = [
    "name", "short_name", "name_en", "province", "city", "address", "website", "introduction",
    "products", "level", "contact_person", "contact_title", "contact_mobile", "contact_email",
]  # fmt: skip


def member_from(application):
    """A new member made from the application; raises ValidationError if the name is taken."""
    if Member.objects.filter(name=application.name).exists():
        raise ValidationError(f"已有名为“{application.name}”的会员单位,请先核对,不能重复创建。")
    member = Member(**{field: getattr(application, field) for field in COPIED})
    member.joined_year = timezone.localdate().year
    member.status = Member.Status.ACTIVE
    member.save()
    member.fields.set(application.fields.all())
    return member


def decide(application, status, comment, user):
    """Record a decision on application and e-mail the applicant; return the decision.

    Raises ValidationError (in Chinese) when the decision cannot be made.
    """
    if status not in DECISIONS:
        raise ValidationError("请选择审核结果:已通过、需补充材料或未通过。")
    if application.status == Status.APPROVED:
        raise ValidationError("这份申请已经通过,不能再改。")
    if status != Status.APPROVED and not comment.strip():
        raise ValidationError("“需补充材料”和“未通过”必须填写审核意见,告诉申请人原因。")
    with transaction.atomic():
        if status == Status.APPROVED:
            application.member = member_from(application)
        application.status = status
        application.review_comment = comment.strip()
        application.reviewed_by = user
        application.reviewed_at = timezone.now()
        application.save()
        decision = ApplicationDecision.objects.create(
            application=application, status=status, comment=comment.strip(), user=user
        )
    try:
        send_decision(application, decision)
    except Exception:  # the decision stands; staff see the flag and can write themselves
        log.exception("could not send the decision e-mail for application %s", application.pk)
    else:
        decision.emailed = True
        decision.save(update_fields=["emailed"])
    return decision
