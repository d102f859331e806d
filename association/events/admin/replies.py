"""通知回执 in the admin: an editor switches on a notice's online 回执 (deadline, capacity, the
same extra questions an event has); 会务 follow the link to its replies, which live with the
registrations (admin/registrations.py) behind the registration permissions."""

from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ..models import NoticeReply, Registration
from .events import QuestionInline

LIVE = Q(registrations__status=Registration.Status.REGISTERED)


@admin.register(NoticeReply)
class NoticeReplyAdmin(admin.ModelAdmin):
    list_display = ["article", "enabled", "closes_at_label", "capacity", "status_label"]
    list_filter = ["enabled"]
    list_select_related = ["article"]
    search_fields = ["article__title", "article__doc_number"]
    autocomplete_fields = ["article"]
    readonly_fields = ["updated_by", "updated_at"]
    fields = ["article", "enabled", "deadline", "capacity", "updated_by", "updated_at"]
    inlines = [QuestionInline]

    @admin.display(description="截止时间")
    def closes_at_label(self, obj):
        closes = obj.closes_at
        return timezone.localtime(closes).strftime("%Y-%m-%d %H:%M") if closes else "不限"

    @admin.display(description="状态")
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description="回执")
    def replies_link(self, obj):
        url = reverse("admin:events_registration_changelist") + f"?reply__id__exact={obj.pk}"
        return format_html('<a href="{}">查看回执({} 份,{} 人)</a>', url, obj.n, obj.people or 0)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n=Count("registrations", filter=LIVE),
                people=Sum("registrations__headcount", filter=LIVE),
            )
        )

    def get_list_display(self, request):
        # Only 会务 may see who replied; others get no link (and the list refuses them).
        shown = list(super().get_list_display(request))
        if request.user.has_perm("events.view_registration"):
            shown.append("replies_link")
        return shown

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
