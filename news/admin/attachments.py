"""附件 in the article form (an ordered inline) and a list of every attachment."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from ..models import Attachment, AuditEntry


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ["position", "file", "name", "description", "is_public", "kind_label", "size_label",
              "download_count"]  # fmt: skip
    readonly_fields = ["kind_label", "size_label", "download_count"]
    ordering = ["position", "id"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 24})},
        models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"class": "vSmallField"})},
    }
    verbose_name = "附件"
    verbose_name_plural = "附件(按“排序”数字从小到大显示为 附件1、附件2……)"

    @admin.display(description="类型")
    def kind_label(self, obj):
        return obj.get_kind_display() if obj.pk else "—"

    @admin.display(description="大小")
    def size_label(self, obj):
        return obj.human_size if obj.pk else "—"


def record_attachment_changes(request, formset):
    """The audit trail notes who uploaded or removed which file (called after saving)."""
    for attachment in formset.new_objects:
        AuditEntry.log(AuditEntry.Action.ATTACH, attachment.article, request.user,
                       note=attachment.name[:200])  # fmt: skip
    for attachment in formset.deleted_objects:
        AuditEntry.log(AuditEntry.Action.DETACH, attachment.article, request.user,
                       note=attachment.name[:200])  # fmt: skip


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "article", "kind", "size_label", "download_count", "is_public",
                    "uploaded_at", "download_link"]  # fmt: skip
    list_filter = ["kind", "is_public", "uploaded_at"]
    search_fields = ["name", "description", "article__title"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    fields = ["article", "file", "name", "description", "position", "is_public", "kind",
              "size", "download_count", "text_note", "uploaded_at"]  # fmt: skip
    readonly_fields = ["kind", "size", "download_count", "text_note", "uploaded_at"]

    @admin.display(description="大小", ordering="size")
    def size_label(self, obj):
        return obj.human_size

    @admin.display(description="下载")
    def download_link(self, obj):
        return format_html('<a href="{}">下载</a>', obj.get_absolute_url())
