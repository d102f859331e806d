"""A notice's 回执 in the admin: an editor switches it on, only 会务 sees the replies (listed per
notice with filters, exported to .xlsx and CSV), old replies lose their personal data, and the
demo notice asks for a 回执."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from association.events.demo import REPLY_NOTICE_NUMBER, load_replies
from association.events.models import NoticeReply, Registration
from association.events.roles import CONFERENCE_GROUP

from .factories import make_article, make_event, make_notice_reply, make_registration, make_staff

pytestmark = pytest.mark.django_db
LIST = "/admin/events/registration/"


def staff_in(client, group, username):
    user = make_staff(username, superuser=False)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def replies():
    reply = make_notice_reply(article=make_article(title="关于报送统计表的通知"))
    first = make_registration(None, reply=reply, name="李明", organisation="示例膜科技",
                              headcount=2, answers={"是否住宿": "需要"})  # fmt: skip
    make_registration(make_event(title="膜产业大会"), name="孙丽")
    return reply, first


def action(client, name, *registrations, query=""):
    data = {"action": name, "_selected_action": [r.pk for r in registrations], "index": "0"}
    return client.post(f"{LIST}?{query}", data)


def test_an_editor_switches_on_a_notice_reply_with_its_questions(client):
    editor = staff_in(client, "编辑", "bianji")
    notice = make_article(title="关于征集案例的通知")
    page = client.get("/admin/events/noticereply/add/").content.decode()
    assert "回执截止时间" in page and "名额" in page
    data = {
        "article": notice.pk, "enabled": "on", "deadline_0": "", "deadline_1": "",
        "capacity": "50", "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
        "questions-0-label": "参会形式", "questions-0-kind": "single",
        "questions-0-choices": "线上\n线下", "questions-0-position": "0",
    }  # fmt: skip
    response = client.post("/admin/events/noticereply/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    reply = NoticeReply.objects.get(article=notice)
    assert reply.updated_by == editor and reply.capacity == 50 and reply.closes_at is None
    assert reply.questions.get().choice_list() == ["线上", "线下"]
    assert "填写回执" in client.get(notice.get_absolute_url()).content.decode()
    again = client.post("/admin/events/noticereply/add/", data).content.decode()
    assert "已存在" in again  # one 回执 a notice


def test_an_editor_sees_no_reply_and_a_crafted_post_is_refused(client, replies):
    reply, first = replies
    staff_in(client, "编辑", "bianji")
    listing = client.get("/admin/events/noticereply/")
    assert listing.status_code == 200 and "查看回执" not in listing.content.decode()
    assert client.get(f"{LIST}?reply__id__exact={reply.pk}").status_code == 403
    assert client.get(f"{LIST}{first.pk}/change/").status_code == 403
    for name in ("export_xlsx", "export_csv", "mark_cancelled", "sign_in_sheet"):
        response = action(client, name, first, query=f"reply__id__exact={reply.pk}")
        assert response.status_code == 403, name
        assert "李明" not in response.content.decode()
    first.refresh_from_db()
    assert first.status == Registration.Status.REGISTERED


def test_conference_staff_list_replies_per_notice_and_export_them(client, replies):
    reply, first = replies
    staff_in(client, CONFERENCE_GROUP, "huiwu")
    listing = client.get("/admin/events/noticereply/").content.decode()
    assert "查看回执(1 份,2 人)" in listing
    page = client.get(f"{LIST}?reply__id__exact={reply.pk}").content.decode()
    assert "李明" in page and "孙丽" not in page and "关于报送统计表的通知" in page
    assert "报名 <strong>1</strong> 条,共 <strong>2</strong> 人" in page
    kind = client.get(f"{LIST}?kind=reply").content.decode()
    assert "李明" in kind and "孙丽" not in kind
    response = action(client, "export_xlsx", first, query=f"reply__id__exact={reply.pk}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("报名编号", "活动/通知", "单位名称", "姓名")
    assert rows[1][:4] == (first.reference, "关于报送统计表的通知", "示例膜科技", "李明")
    assert rows[1][rows[0].index("是否住宿")] == "需要"
    text = action(client, "export_csv", first).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[1][1] == "关于报送统计表的通知" and rows[1][3] == "李明"
    sheet = action(client, "sign_in_sheet", first).content.decode()
    assert "关于报送统计表的通知 · 签到表" in sheet and "共 2 人" in sheet


def test_old_replies_lose_their_personal_data(settings):
    settings.EVENTS_RETENTION_MONTHS = 12
    long_ago = timezone.now() - timedelta(days=400)
    own = make_notice_reply(deadline=long_ago)
    notices = make_notice_reply(article=make_article(reply_deadline=long_ago))
    no_deadline = make_notice_reply()
    recent = make_notice_reply(deadline=timezone.now() - timedelta(days=30))
    gone = [make_registration(None, reply=r, name="钱多") for r in (own, notices)]
    gone.append(make_registration(None, reply=no_deadline, name="钱多", created_at=long_ago))
    kept = [make_registration(None, reply=r, name="周近") for r in (no_deadline, recent)]
    call_command("purge_registrations", stdout=io.StringIO())
    for registration in gone:
        registration.refresh_from_db()
        assert registration.name == "" and registration.anonymised_at is not None
    for registration in kept:
        registration.refresh_from_db()
        assert registration.name == "周近"


def test_the_demo_notice_asks_for_a_reply_once():
    notice = make_article(title="会员代表大会的通知", doc_number=REPLY_NOTICE_NUMBER)
    assert load_replies() == 1 and load_replies() == 0
    reply = NoticeReply.objects.get()
    assert reply.article == notice and reply.is_open and reply.questions.count() == 2
