from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html

from ..models import Article
from ..search.engine import filter_articles
from .attachments import AttachmentInline, record_attachment_changes
from .reprint import admin_urls as reprint_admin_urls
from .workflow import ArticleWorkflowMixin


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowMixin, admin.ModelAdmin):
    list_display = [
        "title", "section", "source", "status_label", "published_at", "view_count", "pinned",
        "featured", "site_link",
    ]  # fmt: skip
    list_display_links = ["title"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["section", "status", "pinned", "featured", "published_at", "tags"]
    search_fields = ["title", "source", "author", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    list_per_page = 50
    inlines = [AttachmentInline]
    readonly_fields = ["view_count", "created_by", "created_at", "updated_by", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "section", "body", "summary", "tags"]}),
        ("来源与署名", {"fields": ["source", "author_title", "author", "original_url"]}),
        ("发布", {"fields": ["status", "published_at", "pinned", "featured"]}),
        (
            "通知公告",
            {"fields": ["doc_number", "issuer", "reply_deadline"], "classes": ["collapse"]},
        ),
        ("封面", {"fields": ["cover", "cover_preview", "cover_alt"], "classes": ["collapse"]}),
        (
            "记录",
            {
                "fields": ["view_count", "created_by", "created_at", "updated_by", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def get_urls(self):
        return reprint_admin_urls(self) + super().get_urls()

    def get_search_results(self, request, queryset, search_term):
        # The site's Chinese full-text search (news/search), drafts included.
        if not search_term.strip():
            return queryset, False
        return filter_articles(queryset, search_term), False

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            local = timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")
            return f"定时发布({local})"
        return obj.get_status_display()

    @admin.display(description="在网站上查看")
    def site_link(self, obj):
        label = "查看" if obj.is_public else "预览"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model._meta.model_name == "attachment":
            record_attachment_changes(request, formset)
