"""Admin for applications to join: read what was sent, download the documents (with the
permission), decide 已通过 / 需补充材料 / 未通过 with a comment."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from ..models import ApplicationDecision, Member, MembershipApplication
from ..review import DECISIONS, decide
from .formfields import HTTPS_URLS, https_urls

DOCUMENTS_PERMISSION = "members.view_application_documents"
Status = MembershipApplication.Status


class ReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label="审核结果",
        required=False,
        choices=[("", "(暂不决定)"), *[(s.value, s.label) for s in DECISIONS]],
        help_text="保存后记入审核记录,并给申请人发邮件。“已通过”会直接建立会员单位。",
    )
    decision_comment = forms.CharField(
        label="审核意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="随邮件发给申请人;“需补充材料”时写明缺什么。",
    )

    class Meta:
        model = MembershipApplication
        formfield_callback = https_urls
        fields = [
            "name", "short_name", "name_en", "level", "fields", "province", "city", "address",
            "website", "introduction", "products", "contact_person", "contact_title",
            "contact_mobile", "contact_email",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        status, comment = data.get("decision"), data.get("decision_comment", "").strip()
        if status and status != Status.APPROVED and not comment:
            self.add_error(
                "decision_comment", "“需补充材料”和“未通过”必须填写审核意见,告诉申请人原因。"
            )
        if status == Status.APPROVED and Member.objects.filter(name=data.get("name")).exists():
            self.add_error("name", "已有同名的会员单位,请先核对,不能重复创建。")
        return data


class DecisionInline(admin.TabularInline):
    model = ApplicationDecision
    fields = ["created_at", "status", "comment", "user", "emailed"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    form = ReviewForm
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "level", "province", "contact_person", "status", "submitted_at"]
    list_filter = ["status", "level", "province"]
    search_fields = ["name", "short_name", "contact_person"]
    list_select_related = ["level"]
    readonly_fields = ["status", "review_comment", "documents", "member_link", "submitted_at"]
    inlines = [DecisionInline]
    fieldsets = [
        ("审核", {"fields": ["status", "review_comment", "decision", "decision_comment"]}),
        (
            "单位信息",
            {
                "fields": [
                    "name",
                    "short_name",
                    "name_en",
                    "level",
                    "fields",
                    "province",
                    "city",
                    "address",
                    "website",
                    "introduction",
                    "products",
                ]
            },
        ),  # fmt: skip
        (
            "联系人",
            {"fields": ["contact_person", "contact_title", "contact_mobile", "contact_email"]},
        ),  # fmt: skip
        ("材料", {"fields": ["documents", "member_link", "submitted_at"]}),
    ]
    filter_horizontal = ["fields"]

    def has_add_permission(self, request):
        return False  # applications come from the public form

    @admin.display(description="申请材料")
    def documents(self, obj):
        if not obj.pk:
            return "-"
        return format_html_join(
            " ", '<a href="{}">下载{}</a>',
            ((obj.document_url(which), label) for which, label in obj.DOCUMENTS.items()),
        )  # fmt: skip

    @admin.display(description="会员单位")
    def member_link(self, obj):
        if not obj.member_id:
            return "-"
        return format_html('<a href="{}">{}</a>', obj.member.get_absolute_url(), obj.member)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(self.fieldsets)
        if obj and obj.status == Status.APPROVED:  # approved is final
            fieldsets[0] = ("审核", {"fields": ["status", "review_comment"]})
        if not request.user.has_perm(DOCUMENTS_PERMISSION):
            # Without the permission the documents are not even linked (the view refuses too).
            fieldsets[-1] = ("材料", {"fields": ["member_link", "submitted_at"]})
        return fieldsets

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        status = form.cleaned_data.get("decision")
        if not status:
            return
        try:
            comment = form.cleaned_data.get("decision_comment", "")
            decision = decide(obj, status, comment, request.user)
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), messages.ERROR)
            return
        note = "已通知申请人。" if decision.emailed else "邮件未能发出,请另行联系申请人。"
        self.message_user(
            request, f"审核结果“{decision.get_status_display()}”已记录;{note}", messages.SUCCESS
        )
