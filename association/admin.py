from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse

from .models import Page, SiteSettings


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
