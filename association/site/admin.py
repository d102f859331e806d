from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .models import LoginLock, Page, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "name_en", "welcome_text", "description"]}),
        ("联系方式", {"fields": ["address", "postcode", "phone", "fax", "email"]}),
        ("页脚", {"fields": ["icp_number", "icp_url", "copyright_text"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row only: the list would be a page with a single link, so go straight to it.
        obj = SiteSettings.load()
        return redirect(reverse("admin:association_sitesettings_change", args=[obj.pk]))


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "placement", "position", "is_published", "updated_at"]
    list_editable = ["placement", "position", "is_published"]
    list_filter = ["placement", "is_published"]
    search_fields = ["title", "slug", "body"]
    readonly_fields = ["updated_by", "updated_at"]
    fields = [
        "title", "slug", "body", "description", "placement", "position", "is_published",
        "updated_by", "updated_at",
    ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Failed logins per username and address; deleting a row unlocks that pair at once."""

    list_display = ["username_label", "ip_label", "failures", "last_attempt", "locked"]
    search_fields = ["username", "ip_address"]
    actions = ["unlock"]
    fields = ["username", "ip_address", "failures_since_start", "attempt_time", "user_agent"]
    readonly_fields = fields

    @admin.display(description="用户名", ordering="username")
    def username_label(self, obj):
        return obj.username

    @admin.display(description="来源地址", ordering="ip_address")
    def ip_label(self, obj):
        return obj.ip_address

    @admin.display(description="连续失败次数", ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description="最近一次尝试", ordering="attempt_time")
    def last_attempt(self, obj):
        return timezone.localtime(obj.attempt_time).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description="锁定中", boolean=True)
    def locked(self, obj):
        cool_off_ends = obj.attempt_time + settings.AXES_COOLOFF_TIME
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT and (
            cool_off_ends > timezone.now()
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="解除所选账号的登录锁定", permissions=["delete"])
    def unlock(self, request, queryset):
        locks = list(queryset)
        names = "、".join(sorted({lock.username or "" for lock in locks}))
        queryset.delete()
        count = len(locks)
        self.message_user(request, f"已解除 {count} 条登录锁定:{names}。", messages.SUCCESS)
