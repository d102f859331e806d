"""报名 (and notices' 回执) in the admin, for 会务 only: per event or notice with filters,
totals and fees owed; mark paid, checked in or cancelled; export .xlsx / CSV; print the
sign-in sheet (签到表).

Every screen and action here needs the registration permissions (roles.py); Django's admin
refuses a crafted request without them (403), whatever the user's other rights.
"""

from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone

from .. import exports, services
from ..models import Attendee, NoticeReply, Registration

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))


class KindFilter(admin.SimpleListFilter):
    title = "类型"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("event", "活动报名"), ("reply", "通知回执")]

    def queryset(self, request, queryset):
        if self.value() == "event":
            return queryset.filter(event__isnull=False)
        if self.value() == "reply":
            return queryset.filter(reply__isnull=False)
        return queryset


class ReplyFilter(admin.RelatedFieldListFilter):
    """The notices' 回执 by their notice's title, in one query."""

    def field_choices(self, field, request, model_admin):
        replies = NoticeReply.objects.select_related("article").order_by("-id")
        return [(reply.pk, reply.article.title) for reply in replies]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    fields = ["name", "title", "mobile"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "reference", "target_label", "organisation", "name", "mobile", "headcount", "is_member",
        "fee_total", "paid", "checked_in", "status", "created_at",
    ]  # fmt: skip
    list_filter = [KindFilter, "event", ("reply", ReplyFilter), "status", "paid", "checked_in",
                   "is_member"]  # fmt: skip
    list_select_related = ["event", "reply__article"]
    search_fields = ["reference", "organisation", "name", "mobile", "email"]
    date_hierarchy = "created_at"
    inlines = [AttendeeInline]
    actions = ["mark_paid", "mark_checked_in", "mark_cancelled", "export_xlsx", "export_csv",
               "sign_in_sheet"]  # fmt: skip
    readonly_fields = ["reference", "event", "reply", "answers_text", "fee_per_person",
                       "created_at", "paid_at", "checked_in_at", "anonymised_at",
                       "member"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["reference", "event", "reply", "status", "created_at"]}),
        ("报名人", {"fields": ["organisation", "name", "title", "mobile", "email", "is_member",
                             "member"]}),  # fmt: skip
        ("人数与费用", {"fields": ["headcount", "fee_per_person", "fee_total", "paid", "paid_at"]}),
        ("发票", {"fields": ["invoice_title", "tax_number"]}),
        ("其他", {"fields": ["answers_text", "remarks", "checked_in", "checked_in_at",
                           "anonymised_at"]}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # registrations come from the public form, with its checks

    @admin.display(description="活动/通知", ordering="event__start")
    def target_label(self, obj):
        return f"回执:{obj.reply.article.title}" if obj.reply_id else obj.event.title

    @admin.display(description="附加问题回答")
    def answers_text(self, obj):
        return "\n".join(f"{q}:{a}" for q, a in obj.answers.items()) or "—"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["totals"] = totals(changelist.queryset)
        return response

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if "paid" in form.changed_data:
            obj.paid_at = now if obj.paid else None
        if "checked_in" in form.changed_data:
            obj.checked_in_at = now if obj.checked_in else None
        was_full = obj.target.is_full()
        super().save_model(request, obj, form, change)
        services.seats_changed(obj.target, was_full)

    def _mark(self, request, queryset, done, **fields):
        rows = list(queryset.select_related("event", "reply__article"))
        targets = {(r.event_id, r.reply_id): r.target for r in rows}
        full_before = {key: target.is_full() for key, target in targets.items()}
        changed = Registration.objects.filter(pk__in=[r.pk for r in rows]).update(**fields)
        for registration in rows:
            self.log_change(request, registration, done)
        for key, target in targets.items():
            services.seats_changed(target, full_before[key])
        self.message_user(request, f"已将 {changed} 条报名{done}。", messages.SUCCESS)

    @admin.action(description="标记为已缴费", permissions=["change"])
    def mark_paid(self, request, queryset):
        self._mark(request, queryset, "标记为已缴费", paid=True, paid_at=timezone.now())

    @admin.action(description="标记为已签到", permissions=["change"])
    def mark_checked_in(self, request, queryset):
        self._mark(request, queryset, "标记为已签到", checked_in=True, checked_in_at=timezone.now())

    @admin.action(description="取消报名(释放名额)", permissions=["change"])
    def mark_cancelled(self, request, queryset):
        self._mark(request, queryset, "取消", status=Registration.Status.CANCELLED)

    @admin.action(description="导出 Excel(.xlsx)", permissions=["view"])
    def export_xlsx(self, request, queryset):
        return exports.xlsx_response(queryset)

    @admin.action(description="导出 CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return exports.csv_response(queryset)

    @admin.action(description="打印签到表", permissions=["view"])
    def sign_in_sheet(self, request, queryset):
        registrations = queryset.active().select_related("event", "reply__article")
        events = {}  # an event or a 回执: a sheet each
        order = ("event__start", "reply__id", "organisation", "id")
        for registration in registrations.prefetch_related("attendees").order_by(*order):
            events.setdefault(registration.target, []).extend(
                (registration, person) for person in registration.people()
            )
        context = {**self.admin_site.each_context(request), "events": events,
                   "title": "签到表", "printed_at": timezone.now()}  # fmt: skip
        return TemplateResponse(request, "admin/events/registration/sign_in_sheet.html", context)


def totals(registrations):
    """What the list's filters select: sign-ups, people, fees owed and paid (one query)."""
    live = Q(status=Registration.Status.REGISTERED)
    return registrations.aggregate(
        count=Count("id", filter=live),
        people=Coalesce(Sum("headcount", filter=live), 0),
        owed=Coalesce(Sum("fee_total", filter=live), ZERO),
        paid=Coalesce(Sum("fee_total", filter=live & Q(paid=True)), ZERO),
        checked_in=Count("id", filter=live & Q(checked_in=True)),
        cancelled=Count("id", filter=Q(status=Registration.Status.CANCELLED)),
    )
