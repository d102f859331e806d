"""会议活动 in the admin: the event form (the articles' body editor) and its extra questions."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from news.editor import BodyEditorWidget

from ..models import Event, Question


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["label", "kind", "choices", "required", "position"]
    formfield_overrides = {
        # Short enough for a table row; one choice a line.
        Question._meta.get_field("choices").__class__: {"widget": forms.Textarea(attrs={"rows": 2})}
    }


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "city", "status_label"]
    list_filter = ["kind", "is_published", "city"]
    search_fields = ["title", "city", "organiser"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["announcement"]
    readonly_fields = ["updated_by", "updated_at"]
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "is_published", "announcement"]}),
        ("时间地点", {"fields": ["start", "end", "city", "address"]}),
        ("主办单位", {"fields": ["organiser", "host", "co_organisers"]}),
        ("内容", {"fields": ["summary", "body"]}),
        ("报名与费用", {"fields": [
            "registration_deadline", "capacity", "member_price", "non_member_price",
            "early_bird_until", "early_member_price", "early_non_member_price",
        ]}),
        ("记录", {"fields": ["updated_by", "updated_at"]}),
    ]  # fmt: skip

    @admin.display(description="状态")
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description="报名")
    def registrations_link(self, obj):
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        return format_html('<a href="{}">查看报名</a>', url)

    def get_list_display(self, request):
        # Only 会务 may see who registered; others get no link (and the list refuses them).
        shown = list(super().get_list_display(request))
        if request.user.has_perm("events.view_registration"):
            shown.append("registrations_link")
        return shown

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = BodyEditorWidget  # the articles' editor, same sanitiser on save
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
