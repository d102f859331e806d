"""An event's status comes from its times alone (报名中 / 报名已截止 / 进行中 / 已结束), and the
cached pages follow it with no cron and no save."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from association.events import services
from association.events.models import Event, next_event_change
from association.site.models import SiteSettings
from association.web.pagecache.version import current_version

from .factories import make_event, make_registration

pytestmark = pytest.mark.django_db


def test_status_follows_the_clock():
    now = timezone.now()
    event = Event(
        start=now + timedelta(days=10),
        end=now + timedelta(days=11),
        registration_deadline=now + timedelta(days=5),
    )
    assert event.status_at(now) == Event.Status.OPEN
    assert event.status_at(now + timedelta(days=5)) == Event.Status.CLOSED
    assert event.status_at(now + timedelta(days=10, hours=1)) == Event.Status.RUNNING
    assert event.status_at(now + timedelta(days=11)) == Event.Status.ENDED
    assert event.status_at(now).label == "报名中"


def test_without_a_deadline_registration_closes_when_the_event_starts():
    now = timezone.now()
    event = Event(start=now + timedelta(hours=1), end=now + timedelta(hours=3))
    assert event.status_at(now) == Event.Status.OPEN
    assert event.status_at(now + timedelta(minutes=61)) == Event.Status.RUNNING


def test_early_bird_prices_until_the_date():
    now = timezone.now()
    event = Event(
        member_price=1200, non_member_price=1800, early_bird_until=now,
        early_member_price=1000, early_non_member_price=None,
    )  # fmt: skip
    assert event.price_for(True, now) == 1000
    assert event.price_for(True, now + timedelta(seconds=1)) == 1200
    assert event.price_for(False, now) == 1800  # no early price for non-members: the full one


def test_next_change_is_the_earliest_deadline_start_or_end_of_published_events():
    soon = make_event(days_ahead=3)  # deadline in 2 days
    make_event(days_ahead=1, registration_deadline=None, is_published=False)
    running = make_event(days_ahead=-1, end=timezone.now() + timedelta(hours=5))
    moment = next_event_change(time.time())
    assert moment == running.end
    running.delete()
    assert next_event_change(time.time()) == soon.registration_deadline


def warm(client, url):
    """Fetch url until it comes from the page cache; return its HTML."""
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def test_the_cached_event_page_closes_registration_on_time(client):
    SiteSettings.load()  # a running site has it; creating it is itself a change
    start = timezone.now() + timedelta(days=2)
    deadline = timezone.now() + timedelta(seconds=1.5)
    event = make_event(title="截止测试会", start=start, registration_deadline=deadline)
    page = warm(client, event.get_absolute_url())
    assert "我要报名" in page and "报名中" in page
    assert "报名中" in warm(client, "/events/")
    time.sleep(max(0.0, (deadline - timezone.now()).total_seconds()) + 0.1)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "我要报名" not in page
    assert "报名已截止" in page
    listing = client.get("/events/").content.decode()
    assert "报名已截止" in listing


def test_a_registration_renews_no_cached_page():
    event = make_event()
    before = current_version()["token"]
    make_registration(event)
    assert current_version()["token"] == before


def test_editing_an_event_renews_the_pages(client):
    SiteSettings.load()
    event = make_event(title="旧名称")
    assert "旧名称" in warm(client, "/events/")
    event.title = "新名称"
    event.save()
    assert "新名称" in client.get("/events/").content.decode()


def test_taking_the_last_seat_shows_full_on_the_cached_pages(client):
    SiteSettings.load()
    event = make_event(title="小班培训", capacity=2)
    make_registration(event)
    assert "我要报名" in warm(client, event.get_absolute_url())
    assert "报名中" in warm(client, "/events/")
    fields = {
        "organisation": "单位", "name": "王芳", "title": "", "mobile": "13800000001",
        "email": "wf@example.com", "is_member": False, "invoice_title": "", "tax_number": "",
        "remarks": "",
    }  # fmt: skip
    services.register(event.pk, fields, [], {})
    page = client.get(event.get_absolute_url()).content.decode()
    assert "名额已满" in page and "我要报名" not in page
    assert "名额已满" in client.get("/events/").content.decode()
