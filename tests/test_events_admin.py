"""报名 in the admin: only 会务 sees registrants; totals, actions, exports (read back with
openpyxl), the sign-in sheet, backups and the retention command."""

import csv
import io
import json
import tarfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from association.events.models import Attendee, Event, Registration
from association.events.roles import CONFERENCE_GROUP
from association.web.backup import create_backup

from .factories import make_event, make_registration, make_staff

pytestmark = pytest.mark.django_db
LIST = "/admin/events/registration/"


@pytest.fixture
def conference_staff(client):
    user = make_staff("huiwu", superuser=False)
    user.groups.add(Group.objects.get(name=CONFERENCE_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = make_staff("bianji", superuser=False)
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return user


@pytest.fixture
def registrations():
    event = make_event(title="膜产业大会", capacity=4)
    other = make_event(title="培训班")
    first = make_registration(
        event, organisation="示例膜科技", name="李明", headcount=2, fee_per_person=1200,
        fee_total=2400, is_member=True, answers={"是否住宿": "需要"},
    )  # fmt: skip
    Attendee.objects.create(registration=first, name="王芳", title="经理")
    second = make_registration(
        event, organisation="=HYPERLINK(\"http://x\")", name="赵磊", headcount=2,
        fee_per_person=1800, fee_total=3600,
    )  # fmt: skip
    make_registration(other, name="孙丽", fee_total=500)
    return event, first, second


def action(client, name, *registrations, **filters):
    data = {"action": name, "_selected_action": [r.pk for r in registrations], "index": "0"}
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return client.post(f"{LIST}?{query}" if query else LIST, data)


def test_conference_staff_see_registrations_per_event_with_totals(
    client, conference_staff, registrations
):
    event, _, _ = registrations
    page = client.get(f"{LIST}?event__id__exact={event.pk}").content.decode()
    assert "李明" in page and "赵磊" in page and "孙丽" not in page
    assert "报名 <strong>2</strong> 条,共 <strong>4</strong> 人" in page
    assert "应缴费用 <strong>6000.00</strong> 元,已缴 <strong>0.00</strong> 元" in page
    assert "查看报名" in client.get("/admin/events/event/").content.decode()


def test_mark_paid_checked_in_and_cancelled(client, conference_staff, registrations):
    event, first, second = registrations
    assert action(client, "mark_paid", first).status_code == 302
    assert action(client, "mark_checked_in", first, second).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.paid and first.paid_at and first.checked_in and second.checked_in
    page = client.get(f"{LIST}?event__id__exact={event.pk}").content.decode()
    assert "已缴 <strong>2400.00</strong> 元" in page
    assert "我要报名" not in client.get(event.get_absolute_url()).content.decode()  # full
    action(client, "mark_cancelled", second)
    second.refresh_from_db()
    assert second.status == Registration.Status.CANCELLED
    assert "我要报名" in client.get(event.get_absolute_url()).content.decode()  # seats again


def test_the_excel_export_opens_with_chinese_headers_and_no_formulas(
    client, conference_staff, registrations
):
    event, first, second = registrations
    response = action(client, "export_xlsx", first, second)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("报名编号", "活动/通知", "单位名称", "姓名", "职务", "手机")
    assert "是否住宿" in rows[0]
    by_name = {row[3]: row for row in rows[1:]}
    assert by_name["李明"][2] == "示例膜科技" and by_name["李明"][9] == "王芳 经理"
    assert by_name["李明"][13] == 2400 and by_name["李明"][rows[0].index("是否住宿")] == "需要"
    assert by_name["赵磊"][2].startswith("'=")  # text, never a formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_csv_export_reads_in_excel(client, conference_staff, registrations):
    _, first, _ = registrations
    response = action(client, "export_csv", first)
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][3] == "姓名" and rows[1][3] == "李明" and rows[1][0] == first.reference


def test_the_sign_in_sheet_lists_every_person(client, conference_staff, registrations):
    _, first, second = registrations
    page = action(client, "sign_in_sheet", first, second).content.decode()
    assert "膜产业大会 · 签到表" in page and "共 4 人" in page
    for name in ("李明", "王芳", "赵磊", "签名"):
        assert name in page


def test_an_editor_sees_no_registrant_and_a_crafted_post_is_refused(client, editor, registrations):
    _, first, _ = registrations
    assert client.get("/admin/events/event/").status_code == 200  # editors write events
    assert "查看报名" not in client.get("/admin/events/event/").content.decode()
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{first.pk}/change/").status_code == 403
    for name in ("mark_paid", "mark_cancelled", "export_xlsx", "export_csv", "sign_in_sheet"):
        response = action(client, name, first)
        assert response.status_code == 403, name
        assert "李明" not in response.content.decode()
    first.refresh_from_db()
    assert not first.paid and first.status == Registration.Status.REGISTERED
    assert "李明" not in client.get("/admin/").content.decode()


def test_registrants_never_appear_on_public_pages(client, registrations):
    event, first, _ = registrations
    for url in ("/events/", event.get_absolute_url(), "/events/calendar/", "/events/feed.ics"):
        body = client.get(url).content.decode()
        assert "李明" not in body and first.mobile not in body


def test_backups_include_registrations_and_attendees(tmp_path, registrations):
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)
    with tarfile.open(archive) as tar:
        rows = json.load(tar.extractfile("data.json"))
    names = {r["fields"]["name"] for r in rows if r["model"] == "events.registration"}
    assert {"李明", "赵磊", "孙丽"} <= names
    assert any(r["model"] == "events.attendee" for r in rows)


def test_old_events_lose_their_registrants_personal_data(settings, registrations):
    settings.EVENTS_RETENTION_MONTHS = 12
    event, first, second = registrations
    old = make_event(days_ahead=-400)
    gone = make_registration(old, name="钱多", invoice_title="示例", tax_number="91110000MA01234567",
                             remarks="电话联系", answers={"住宿": "需要"}, headcount=2,
                             fee_total=Decimal("100"))  # fmt: skip
    Attendee.objects.create(registration=gone, name="随行人员")
    recent = make_registration(make_event(days_ahead=-300), name="周近")
    out = io.StringIO()
    call_command("purge_registrations", stdout=out)
    assert "已删除 1 条" in out.getvalue()
    gone.refresh_from_db()
    assert (gone.name, gone.mobile, gone.email, gone.tax_number, gone.remarks) == ("",) * 5
    assert gone.answers == {} and gone.anonymised_at is not None and not gone.attendees.exists()
    assert (gone.organisation, gone.headcount, gone.fee_total) != ("", 0, 0)
    recent.refresh_from_db()
    first.refresh_from_db()
    assert recent.name == "周近" and first.name == "李明"
    call_command("purge_registrations", stdout=out)  # nothing left to do, no error
    assert timezone.now() - gone.anonymised_at < timedelta(minutes=1)


def test_an_editor_writes_an_event_with_the_articles_editor_and_sanitiser(client, editor):
    page = client.get("/admin/events/event/add/").content.decode()
    assert "prose-editor" in page and "报名截止时间" in page
    data = {
        "title": "膜技术培训班", "slug": "膜技术培训班", "kind": "training", "is_published": "on",
        "start_0": "2030-05-10", "start_1": "09:00:00", "end_0": "2030-05-12", "end_1": "17:00:00",
        "city": "杭州", "organiser": "中国膜工业协会",
        "body": '<p onclick="x()">课程安排</p><script>alert(1)</script>',
        "registration_deadline_0": "2030-05-01", "registration_deadline_1": "18:00:00",
        "member_price": "800", "non_member_price": "1000",
        "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
        "questions-0-label": "是否住宿", "questions-0-kind": "single",
        "questions-0-choices": "是\n否", "questions-0-position": "0",
    }  # fmt: skip
    response = client.post("/admin/events/event/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="膜技术培训班")
    assert event.body == "<p>课程安排</p>" and event.updated_by == editor
    assert event.questions.get().choice_list() == ["是", "否"]
    assert client.get("/events/膜技术培训班/").status_code == 200
    bad = dict(data, slug="calendar", end_0="2030-05-01", **{"questions-0-choices": "只有一项"})
    page = client.post("/admin/events/event/add/", bad).content.decode()
    assert "网站保留" in page and "结束时间必须晚于开始时间" in page and "至少要有两个选项" in page
