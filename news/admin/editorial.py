"""The workflow's own screens: the recycle bin, the audit trail and the sensitive words."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from ..models import AuditEntry, DeletedArticle, SensitiveWord
from ..workflow import restore_from_recycle_bin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody edits by hand: they are written by the workflow and only looked at."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeletedArticle)
class RecycleBinAdmin(ReadOnlyAdmin):
    list_display = ["title", "section", "status", "deleted_at", "updated_by"]
    list_display_links = None
    list_filter = ["section", "status"]
    search_fields = ["title"]
    actions = ["restore"]
    list_select_related = ["section", "updated_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=False).defer("body")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("news.restore_article")

    def has_restore_permission(self, request):
        return request.user.has_perm("news.restore_article")

    @admin.action(description="从回收站恢复所选文章", permissions=["restore"])
    def restore(self, request, queryset):
        count = 0
        for article in queryset:
            restore_from_recycle_bin(article, request.user)
            count += 1
        self.message_user(
            request, f"已恢复 {count} 篇文章,它们回到删除前的状态。", messages.SUCCESS
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "article_link", "user", "note"]
    list_filter = ["action", "created_at"]
    search_fields = ["article_title", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    list_display_links = None

    @admin.display(description="文章", ordering="article_title")
    def article_link(self, obj):
        if obj.article_id:
            return format_html(
                '<a href="{}">{}</a>', reverse("admin:news_article_change", args=[obj.article_id]),
                obj.article_title,
            )  # fmt: skip
        return obj.article_title


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    list_display = ["word", "note", "created_by", "created_at"]
    search_fields = ["word", "note"]
    list_select_related = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
