"""Public pages: the events list, an event, the month calendar and the iCal files."""

import calendar
from datetime import date, datetime, time

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, F, OuterRef, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from news.models import Attachment

from . import ical
from .models import Event, Registration

NAV = "events:event-list"  # the navigation item these pages belong to (SITE_NAV_LINKS)
FIRST_YEAR, LAST_YEAR = 2000, 2100  # calendar months outside these are not pages


def with_seats(events):
    """Each event with taken (people registered), in the same query: lists show 名额已满."""
    taken = (
        Registration.objects.active()
        .filter(event=OuterRef("pk"))
        .values("event")
        .annotate(n=Sum("headcount"))
        .values("n")
    )
    return events.annotate(taken=Coalesce(Subquery(taken), 0))


def ordered_for_list(events, now):
    """Upcoming events soonest first, then past events newest first."""
    return events.alias(
        upcoming_start=Case(When(end__gt=now, then=F("start")), default=None)
    ).order_by(F("upcoming_start").asc(nulls_last=True), F("start").desc(), "-id")


class EventsMixin:
    """What every events page shares: its navigation item and the events a visitor may see."""

    def events(self):
        visible = Event.objects.all() if self.request.user.is_staff else Event.objects.published()
        return with_seats(visible)

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_link=NAV, now=timezone.now(), **kwargs)


class EventListView(EventsMixin, TemplateView):
    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        events = ordered_for_list(self.events().defer("body"), timezone.now())
        page = Paginator(events, settings.EVENTS_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, paginator=page.paginator, is_paginated=page.has_other_pages(),
            groups=grouped(page.object_list, timezone.now()), **kwargs,
        )  # fmt: skip


def grouped(events, now):
    """[(heading, events)]: 即将举行, then 往期活动 by year (the order the list has)."""
    groups = []
    for event in events:
        heading = (
            "即将举行" if event.end > now else f"往期活动 · {timezone.localtime(event.start):%Y}年"
        )
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(event)
    return groups


class EventDetailView(EventsMixin, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        events = self.events().select_related("announcement")
        return get_object_or_404(events, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        event = self.object
        notice = event.announcement if event.announcement_id else None
        attachments = []
        if notice is not None and notice.is_public:
            attachments = list(Attachment.objects.published().filter(article=notice))
        return super().get_context_data(
            notice=notice if notice is not None and notice.is_public else None,
            attachments=attachments,
            full=event.capacity is not None and event.taken >= event.capacity,
            **kwargs,
        )


class CalendarView(EventsMixin, TemplateView):
    """One month: a week a row, each day with the events that run on it."""

    template_name = "events/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = kwargs.pop("year", today.year)
        month = kwargs.pop("month", today.month)
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            raise Http404("没有这个月份。")
        tz = timezone.get_current_timezone()
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        month_start = datetime.combine(first, time.min, tz)
        month_end = datetime.combine(last, time.max, tz)
        events = list(
            self.events()
            .defer("body")
            .filter(start__lte=month_end, end__gte=month_start)
            .order_by("start", "id")
        )
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([(day, day.month == month, on_day(events, day)) for day in week])
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        return super().get_context_data(
            year=year, month=month, weeks=weeks, month_events=events, today=today,
            previous=previous if previous[0] >= FIRST_YEAR else None,
            following=following if following[0] <= LAST_YEAR else None,
            weekdays="一二三四五六日", **kwargs,
        )  # fmt: skip


def on_day(events, day):
    return [e for e in events if timezone.localdate(e.start) <= day <= timezone.localdate(e.end)]


def ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    events = Event.objects.all() if request.user.is_staff else Event.objects.published()
    event = get_object_or_404(events, slug=slug)
    return ics_response(ical.calendar_of([event], request), f"event-{event.pk}.ics")


def upcoming_ics(request):
    events = (
        Event.objects.published().upcoming().order_by("start", "id")[: settings.EVENTS_FEED_SIZE]
    )
    return ics_response(ical.calendar_of(events, request), "events.ics")
