"""Applications to join (入会申请) and the staff's decisions on them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..storage import document_path, private_storage
from .directory import PROVINCE_CHOICES, Member, MembershipField, MembershipLevel


class MembershipApplication(models.Model):
    affects_public_pages = False  # staff-only records: no public page shows them

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        NEEDS_MORE = "needs_more", "需补充材料"
        REJECTED = "rejected", "未通过"

    # Company details, copied to the member on approval.
    name = models.CharField("单位名称", max_length=100, help_text="与营业执照一致。")
    short_name = models.CharField("简称", max_length=40, blank=True)
    name_en = models.CharField("英文名称", max_length=200, blank=True)
    province = models.CharField("省份", max_length=10, choices=PROVINCE_CHOICES)
    city = models.CharField("城市", max_length=40)
    address = models.CharField("地址", max_length=200)
    website = models.URLField("网站", blank=True)
    introduction = models.TextField("单位简介", max_length=2000)
    products = models.TextField("主要产品与服务", max_length=2000, blank=True)
    level = models.ForeignKey(
        MembershipLevel, verbose_name="申请级别", on_delete=models.PROTECT, related_name="+"
    )
    fields = models.ManyToManyField(MembershipField, verbose_name="业务领域", related_name="+")
    # The contact person (personal data: staff only).
    contact_person = models.CharField("联系人", max_length=40)
    contact_title = models.CharField("职务", max_length=40, blank=True)
    contact_mobile = models.CharField("手机", max_length=30)
    contact_email = models.EmailField("电子邮箱")
    licence = models.FileField(
        "营业执照", storage=private_storage, upload_to=document_path, max_length=200
    )
    application_form = models.FileField(
        "盖章的入会申请表", storage=private_storage, upload_to=document_path, max_length=200
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    review_comment = models.TextField(
        "审核意见", blank=True, help_text="会随审核结果邮件发给申请人。"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    member = models.OneToOneField(
        Member, verbose_name="会员单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="application", editable=False,
    )  # fmt: skip
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "入会申请"
        verbose_name_plural = "入会申请"
        permissions = [("view_application_documents", "可以下载入会申请材料")]

    def __str__(self):
        return f"{self.name}({self.get_status_display()})"

    def document_url(self, which):
        return reverse("members:application-document", args=[self.pk, which])

    DOCUMENTS = {"licence": "营业执照", "application_form": "入会申请表"}


class ApplicationDecision(models.Model):
    """One decision on an application: the audit trail of the review (news' AuditEntry refers
    to articles only)."""

    affects_public_pages = False

    application = models.ForeignKey(
        MembershipApplication, verbose_name="入会申请", on_delete=models.CASCADE,
        related_name="decisions",
    )  # fmt: skip
    status = models.CharField("决定", max_length=12, choices=MembershipApplication.Status.choices)
    comment = models.TextField("审核意见", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    emailed = models.BooleanField("已发邮件", default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"

    def __str__(self):
        return f"{self.application.name}:{self.get_status_display()}"
