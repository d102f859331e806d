"""The public events pages: the list (upcoming first, past by year), an event, the month
calendar, the .ics files (parsed back with icalendar), fixed query counts and bad input."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from association.site.models import SiteSettings

from .factories import make_article, make_attachment, make_event, make_registration

pytestmark = pytest.mark.django_db


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_upcoming_events_come_first_soonest_first_then_past_ones_by_year(client):
    now = timezone.now()
    make_event(title="明年的年会", days_ahead=300)
    make_event(title="下周的培训", days_ahead=7)
    make_event(title="上个月的论坛", start=now - timedelta(days=30))
    make_event(title="前年的展览", start=now - timedelta(days=800))
    make_event(title="未公开的活动", is_published=False)
    page = html(client, "/events/")
    order = ["即将举行", "下周的培训", "明年的年会", "往期活动", "上个月的论坛", "前年的展览"]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert f"往期活动 · {(now - timedelta(days=800)).year}年" in page
    assert "未公开的活动" not in page


def test_twenty_to_a_page_and_any_page_number_gives_a_page(client):
    for i in range(23):
        make_event(title=f"系列讲座第{i:02d}讲", days_ahead=i + 1)
    first = html(client, "/events/")
    assert first.count('class="event-item"') == 20
    assert "系列讲座第00讲" in first and "系列讲座第20讲" not in first
    second = html(client, "/events/?page=2")
    assert second.count('class="event-item"') == 3 and "系列讲座第22讲" in second
    for bad in ("abc", "0", "-1", "99999", "１", "1e9"):
        assert 'class="event-item"' in html(client, f"/events/?page={bad}")


@pytest.mark.parametrize("url", ["/events/", "/events/?page=2", "/events/calendar/"])
def test_the_lists_run_a_fixed_number_of_queries(client, settings, url, django_assert_num_queries):
    settings.PAGE_CACHE_ENABLED = False
    SiteSettings.load()
    for i in range(25):
        make_registration(make_event(days_ahead=i % 20 - 5, capacity=10))
    client.get(url)  # the site chrome, kept per content version like on a running site
    with django_assert_num_queries(2 if "calendar" not in url else 1):
        assert client.get(url).status_code == 200
    for i in range(40):
        make_registration(make_event(days_ahead=i % 20 - 5))
    client.get(url)
    with django_assert_num_queries(2 if "calendar" not in url else 1):
        assert client.get(url).status_code == 200


def test_the_event_page_shows_facts_status_fees_and_the_button(client):
    event = make_event(
        title="膜产业大会", city="杭州", address="示例会议中心", organiser="中国膜工业协会",
        host="示例承办单位", co_organisers="示例协办单位甲、示例协办单位乙",
        member_price=1200, non_member_price=1800, capacity=100,
        body="<p>会议议程</p><script>alert(1)</script>",
    )  # fmt: skip
    page = html(client, event.get_absolute_url())
    for text in ("膜产业大会", "杭州", "示例会议中心", "主办", "承办", "示例承办单位", "协办",
                 "报名中", "1200 元/人", "1800 元/人", "我要报名", "会议议程"):  # fmt: skip
        assert text in page, text
    assert "<script>alert" not in page
    assert f'href="/events/{event.slug}/register/"' in page


def test_the_event_page_shows_its_notice_and_the_notice_attachments(client):
    notice = make_article(title="关于召开膜产业大会的通知")
    make_attachment(notice, name="参会回执表.pdf")
    event = make_event(title="膜产业大会", announcement=notice)
    page = html(client, event.get_absolute_url())
    assert "关于召开膜产业大会的通知" in page and "参会回执表.pdf" in page


def test_the_notice_links_back_to_its_event_while_registration_is_open(client):
    notice = make_article(title="关于召开膜产业大会的通知")
    event = make_event(title="膜产业大会", announcement=notice)
    page = html(client, notice.get_absolute_url())
    assert f'href="{event.get_absolute_url()}"' in page and "报名中" in page
    assert f'href="/events/{event.slug}/register/"' in page
    past_notice = make_article(title="往届论坛的通知")
    make_event(title="往届论坛", days_ahead=-10, announcement=past_notice)
    page = html(client, past_notice.get_absolute_url())
    assert "往届论坛" in page and "已结束" in page and "我要报名" not in page
    hidden_notice = make_article(title="未公开活动的通知")
    make_event(title="未公开的活动", announcement=hidden_notice, is_published=False)
    assert "未公开的活动" not in html(client, hidden_notice.get_absolute_url())


def test_past_full_and_unpublished_events(client):
    past = make_event(title="往届论坛", days_ahead=-10)
    page = html(client, past.get_absolute_url())
    assert "已结束" in page and "我要报名" not in page
    full = make_event(title="满员培训", capacity=1)
    make_registration(full)
    page = html(client, full.get_absolute_url())
    assert "名额已满" in page and "我要报名" not in page
    hidden = make_event(title="草稿活动", is_published=False)
    html(client, hidden.get_absolute_url(), status=404)
    html(client, f"/events/{hidden.slug}/event.ics", status=404)
    html(client, f"/events/{hidden.slug}/register/", status=404)


def test_the_month_calendar_places_events_on_their_days(client):
    now = timezone.localtime()
    start = now.replace(day=10, hour=9, minute=0) if now.day != 10 else now.replace(hour=9)
    make_event(title="三天的培训班", start=start, end=start + timedelta(days=2))
    page = html(client, "/events/calendar/")
    assert f"{now.year}年{now.month}月" in page
    assert page.count(">三天的培训班</a>") == 3 + 1  # three days, and the month's list
    other = html(client, f"/events/calendar/{now.year + 1}/{now.month}/")
    assert "三天的培训班" not in other and "这个月没有活动" in other


@pytest.mark.parametrize(
    "url",
    ["/events/calendar/2026/13/", "/events/calendar/2026/0/", "/events/calendar/99999/1/",
     "/events/calendar/1800/5/", "/events/不存在/", "/events/x/event.ics",
     "/events/registered/forged-token/", "/events/%F0%9F%98%80/", "/events/" + "长" * 3000 + "/"],
)  # fmt: skip
def test_bad_addresses_give_404_never_500(client, url):
    assert client.get(url).status_code == 404


def test_the_events_ics_parses_back_with_the_right_times(client):
    event = make_event(
        title="年会 · 北京", city="北京", address="示例饭店", body="<p>议程 &amp; 报名</p>"
    )
    response = client.get(f"/events/{event.slug}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == "年会 · 北京"
    assert item.decoded("DTSTART") == event.start.replace(microsecond=0)
    assert item.decoded("DTEND") == event.end.replace(microsecond=0)
    assert "示例饭店" in str(item["LOCATION"])
    assert "议程 & 报名" in str(item["DESCRIPTION"])
    assert str(item["URL"]).endswith(event.get_absolute_url())
    assert str(item["UID"]).startswith(f"event-{event.pk}@")


def test_the_feed_lists_upcoming_published_events_only(client):
    make_event(title="将来的会", days_ahead=5)
    make_event(title="过去的会", days_ahead=-5)
    make_event(title="隐藏的会", days_ahead=6, is_published=False)
    calendar = icalendar.Calendar.from_ical(client.get("/events/feed.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["将来的会"]
    assert str(calendar["VERSION"]) == "2.0"


def test_events_are_in_the_navigation(client):
    page = html(client, "/events/")
    assert '<a href="/events/" aria-current="page">会议活动</a>' in page
    assert '<a href="/events/">会议活动</a>' in html(client, "/")


def test_the_events_sitemap_lists_the_list_and_published_events(client):
    shown = make_event(title="公开活动")
    hidden = make_event(title="草稿活动", is_published=False)
    xml = client.get("/sitemap-events.xml").content.decode()
    assert "http://testserver/events/</loc>" in xml
    assert f"http://testserver{shown.get_absolute_url()}</loc>" in xml
    assert hidden.slug not in xml
