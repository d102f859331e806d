"""iCalendar (RFC 5545) files of events, written by the icalendar library."""

import html

import icalendar
from django.utils import timezone
from django.utils.html import strip_tags

PRODID = "-//association-newsroom//events//ZH"


def calendar_of(events, request):
    """The .ics bytes for these events; times in UTC, so every calendar program agrees."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "会议活动")
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for event in events:
        cal.add_component(_vevent(event, request, host, stamp))
    return cal.to_ical()


def text(value):
    """Plain text: some calendar programs show markup in these fields, so none gets through."""
    return html.unescape(strip_tags(value or "")).replace("<", "‹").replace(">", "›").strip()


def _vevent(event, request, host, stamp):
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    item.add("last-modified", event.updated_at)
    item.add("summary", text(event.title))
    item.add("location", text(" ".join(part for part in (event.city, event.address) if part)))
    item.add("url", request.build_absolute_uri(event.get_absolute_url()))
    organisers = [f"主办:{text(event.organiser)}"]
    if event.host:
        organisers.append(f"承办:{text(event.host)}")
    item.add("description", "\n".join([*organisers, "", text(event.body)]).strip()[:4000])
    item.add("categories", [event.get_kind_display()])
    return item
