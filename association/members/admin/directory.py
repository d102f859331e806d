"""Admin for the directory: members (private contacts behind their own permission), levels,
fields and the article matches editors confirm or remove."""

from django import forms
from django.contrib import admin, messages

from news.admin.images import read_checked_upload
from news.imaging import ImageRejected
from news.models import Image

from ..matching import match_member
from ..models import Member, MemberMention, MembershipField, MembershipLevel
from .formfields import HTTPS_URLS, https_urls

PRIVATE_PERMISSION = "members.view_private_contact"


def can_see_private(user):
    return user.has_perm(PRIVATE_PERMISSION)


@admin.register(MembershipLevel)
class MembershipLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "member_count"]
    list_editable = ["position"]

    @admin.display(description="会员数")
    def member_count(self, obj):
        return obj.members.count()


@admin.register(MembershipField)
class MembershipFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]


class MemberAdminForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label="上传新标志",
        required=False,
        help_text="JPEG、PNG、WebP 或 GIF;存入图片库,照片中的拍摄信息会被清除。",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Member
        formfield_callback = https_urls
        fields = [
            "name", "short_name", "name_en", "slug", "level", "status", "province", "city",
            "joined_year", "fields", "logo", "website", "introduction", "products", "address",
            "phone", "email", *Member.PRIVATE_FIELDS,
        ]  # fmt: skip

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            try:
                self.checked_logo = read_checked_upload(upload)
            except ImageRejected as exc:
                raise forms.ValidationError(f"“{upload.name}”不能上传:{exc}") from exc
        return upload


class MentionInline(admin.TabularInline):
    model = MemberMention
    fields = ["article", "matched_name", "status"]
    readonly_fields = ["article", "matched_name"]
    extra = 0
    can_delete = False
    verbose_name_plural = "提及这家单位的文章(可确认或移除)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def has_add_permission(self, request, obj=None):
        return False


PUBLIC_FIELDSETS = [
    (None, {"fields": ["name", "short_name", "name_en", "slug", "level", "status"]}),
    ("地区与领域", {"fields": ["province", "city", "joined_year", "fields"]}),
    ("介绍", {"fields": ["logo", "logo_upload", "website", "introduction", "products"]}),
    ("公开联系方式", {"fields": ["address", "phone", "email"]}),
]
PRIVATE_FIELDSET = ("联系人(不公开)", {"fields": list(Member.PRIVATE_FIELDS)})


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    form = MemberAdminForm
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "short_name", "level", "province", "city", "joined_year", "status"]
    list_filter = ["status", "level", "province", "fields"]
    search_fields = ["name", "short_name", "name_en"]
    list_select_related = ["level"]
    autocomplete_fields = ["logo"]
    filter_horizontal = ["fields"]
    inlines = [MentionInline]
    actions = ["rematch"]

    def get_fieldsets(self, request, obj=None):
        if can_see_private(request.user):
            return [*PUBLIC_FIELDSETS, PRIVATE_FIELDSET]
        return PUBLIC_FIELDSETS

    def get_search_fields(self, request):
        if can_see_private(request.user):
            return [*self.search_fields, "contact_person"]
        return self.search_fields

    def save_model(self, request, obj, form, change):
        checked = getattr(form, "checked_logo", None)
        if checked is not None:
            logo = Image(title=f"{obj.name} 标志"[:200], alt_text=f"{obj.name}标志"[:200])
            logo.uploaded_by = request.user
            obj.logo = logo.store_checked(checked, form.cleaned_data["logo_upload"].name)
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="重新查找提及所选单位的文章")
    def rematch(self, request, queryset):
        added = sum(match_member(member) for member in queryset)
        self.message_user(request, f"新找到 {added} 篇提及所选单位的文章。", messages.SUCCESS)


@admin.register(MemberMention)
class MemberMentionAdmin(admin.ModelAdmin):
    list_display = ["article", "member", "matched_name", "status", "created_at"]
    list_filter = ["status", "member__level"]
    search_fields = ["member__name", "member__short_name", "article__title"]
    list_select_related = ["member", "article"]
    readonly_fields = ["member", "article", "matched_name", "created_at"]
    fields = ["member", "article", "matched_name", "status", "created_at"]
    actions = ["confirm", "remove"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="确认所选匹配")
    def confirm(self, request, queryset):
        self._set(request, queryset, MemberMention.Status.CONFIRMED)

    @admin.action(description="移除所选匹配(不在会员页面显示)")
    def remove(self, request, queryset):
        self._set(request, queryset, MemberMention.Status.REMOVED)

    def _set(self, request, queryset, status):
        # One save each, so the content version is renewed and member pages show the change.
        for mention in queryset:
            mention.status = status
            mention.save(update_fields=["status"])
        self.message_user(request, f"已更新 {len(queryset)} 条匹配。", messages.SUCCESS)
