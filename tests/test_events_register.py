"""我要报名: a visitor registers and gets a reference and an e-mail; every wrong input gets a
clear Chinese message with what was typed kept, and never a 500."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from association.events.models import Question, Registration

from .factories import make_event, make_registration, registration_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _patient_limits(settings):
    """One test client posts from one address: the limit has a test of its own below."""
    settings.EVENTS_CAPTCHA_AFTER, settings.EVENTS_REGISTER_LIMIT = 100, 200


def register_url(event):
    return f"/events/{event.slug}/register/"


def post(client, event, **fields):
    return client.post(register_url(event), registration_post(**fields))


def test_a_visitor_registers_and_sees_the_confirmation_with_a_reference(
    client, django_capture_on_commit_callbacks
):
    event = make_event(title="膜产业大会", member_price=1200, non_member_price=1800)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, event, **{"attendee-0-name": "王芳", "attendee-0-title": "经理",
                              "attendee-1-name": "赵磊", "attendee-1-mobile": "13900001111"},
        )  # fmt: skip
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.mobile == "13812345678"  # spaces dropped
    assert registration.headcount == 3
    assert registration.fee_per_person == Decimal("1200") and registration.fee_total == 3600
    assert [a.name for a in registration.attendees.all()] == ["王芳", "赵磊"]
    page = client.get(response["Location"]).content.decode()
    assert registration.reference in page and "报名已提交" in page and "3600 元" in page
    assert "no-store" in client.get(response["Location"])["Cache-Control"]
    [message] = mail.outbox
    assert message.to == ["liming@example.com"]
    assert registration.reference in message.subject and "膜产业大会" in message.body


def test_a_non_member_registering_early_owes_the_early_bird_price(client):
    event = make_event(
        member_price=1200, non_member_price=1800, early_non_member_price=1500,
        early_bird_until=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    assert post(client, event, is_member="0").status_code == 302
    registration = Registration.objects.get()
    assert (registration.is_member, registration.fee_total) == (False, Decimal("1500"))


def test_extra_questions_are_asked_and_kept(client):
    event = make_event()
    room = Question.objects.create(
        event=event, label="是否住宿", kind="single", choices="需要\n不需要", required=True
    )
    topics = Question.objects.create(
        event=event, label="关注议题", kind="multiple", choices="甲\n乙\n丙"
    )
    page = client.get(register_url(event)).content.decode()
    assert "是否住宿" in page and "关注议题" in page
    response = post(client, event, **{f"q{topics.pk}": ["甲", "丙"]})
    assert response.status_code == 400 and "请填写是否住宿。" in response.content.decode()
    response = post(client, event, **{f"q{room.pk}": "需要", f"q{topics.pk}": ["甲", "丙"]})
    assert response.status_code == 302
    assert Registration.objects.get().answers == {"是否住宿": "需要", "关注议题": "甲、丙"}
    crafted = post(client, event, mobile="13700000000", **{f"q{room.pk}": "<script>"})
    assert crafted.status_code == 400 and "请从给出的选项中选择" in crafted.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "12345", "请填写正确的手机号码"),
        ("mobile", "2381234567８", "请填写正确的手机号码"),
        ("mobile", "", "请填写手机。"),
        ("email", "not-an-address", "请填写正确的电子邮箱地址"),
        ("name", "", "请填写姓名。"),
        ("organisation", "单" * 10_000, "单位名称最多 100 个字,现在有 10000 个"),
        ("remarks", "备" * 10_000, "备注最多 500 个字,现在有 10000 个"),
        ("tax_number", "12ab", "税号应为 15 至 20 位数字或大写字母"),
        ("is_member", "maybe", "选择一个有效的选项"),
        ("name", "李\x07明", "控制字符"),
    ],
)
def test_wrong_input_gets_a_chinese_message_and_keeps_the_rest(client, field, value, message):
    event = make_event()
    response = post(client, event, **{"remarks": "请安排靠前座位", field: value})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page, page[page.find("form-errors") :][:400]
    assert "报名还没有提交" in page
    if field != "organisation":
        assert 'value="示例膜科技有限公司"' in page  # what was typed is still there
    assert Registration.objects.count() == 0


def test_an_invoice_needs_its_tax_number(client):
    event = make_event()
    response = post(client, event, invoice_title="示例膜科技有限公司")
    assert response.status_code == 400 and "开具发票需要填写税号" in response.content.decode()
    response = post(
        client, event, invoice_title="示例膜科技有限公司", tax_number="91110000 mA01234567"
    )
    assert response.status_code == 302
    assert Registration.objects.get().tax_number == "91110000MA01234567"


def test_emoji_and_mobile_formats_are_accepted(client):
    event = make_event()
    response = post(client, event, name="李明😀", remarks="素食🥗", mobile="+86 138-1234-5678")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.name, registration.mobile) == ("李明😀", "13812345678")


def test_nul_bytes_and_a_missing_management_form_never_give_a_500(client):
    event = make_event()
    assert post(client, event, name="李\x00明").status_code == 400
    data = registration_post()
    del data["attendee-TOTAL_FORMS"]
    assert client.post(register_url(event), data).status_code == 400
    too_many = registration_post(**{"attendee-TOTAL_FORMS": "100000"})
    assert client.post(register_url(event), too_many).status_code == 400
    assert Registration.objects.count() == 0


def test_the_same_phone_cannot_register_twice_for_one_event(client):
    event = make_event()
    assert post(client, event).status_code == 302
    again = post(client, event, name="李明二号", mobile="13812345678")
    assert again.status_code == 400
    assert "这个手机号已经报名了本次活动" in again.content.decode()
    assert post(client, make_event(), mobile="13812345678").status_code == 302  # another event
    Registration.objects.filter(event=event).update(status=Registration.Status.CANCELLED)
    assert post(client, event).status_code == 302  # a cancelled sign-up frees the phone


def test_after_the_deadline_the_form_is_closed(client):
    event = make_event(registration_deadline=timezone.now() - timedelta(minutes=1))
    page = client.get(register_url(event)).content.decode()
    assert "报名已于截止时间结束" in page and "提交报名" not in page
    response = post(client, event)
    assert response.status_code == 400 and "报名已于截止时间结束" in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_capacity_counts_people_not_forms(client):
    event = make_event(capacity=3)
    make_registration(event, headcount=2)
    make_registration(event, headcount=5, status=Registration.Status.CANCELLED)
    response = post(client, event, **{"attendee-0-name": "王芳"})
    assert response.status_code == 400 and "只剩 1 个名额" in response.content.decode()
    assert post(client, event).status_code == 302
    response = post(client, event, mobile="13900000000")
    assert response.status_code == 400 and "名额已满" in response.content.decode()
    assert event.seats_taken() == 3


def test_a_robot_filling_the_honeypot_saves_nothing(client):
    event = make_event()
    response = post(client, event, fax_number="010-12345678")
    assert response.status_code == 302
    assert Registration.objects.count() == 0 and mail.outbox == []
    assert "感谢您的报名" in client.get(response["Location"]).content.decode()


def test_near_the_limit_a_captcha_is_asked_and_past_it_nothing_is_taken(client, settings):
    settings.EVENTS_CAPTCHA_AFTER, settings.EVENTS_REGISTER_LIMIT = 2, 4
    event = make_event()
    assert 'name="captcha_1"' not in client.get(register_url(event)).content.decode()
    for i in range(2):
        assert post(client, event, mobile=f"1380000000{i}").status_code == 302
    page = client.get(register_url(event)).content.decode()
    assert 'name="captcha_1"' in page and "验证码" in page
    response = post(client, event, mobile="13800000009", captcha_0="x", captcha_1="WRONG")
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    from captcha.models import CaptchaStore

    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    ok = post(client, event, mobile="13800000008", captcha_0=key, captcha_1=answer)
    assert ok.status_code == 302
    refused = post(client, event, mobile="13800000007")
    assert refused.status_code == 429 and "提交次数过多" in refused.content.decode()
    assert Registration.objects.count() == 3
    other = client.post(
        register_url(event), registration_post(mobile="13800000006"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302  # another address has its own count


def test_hostile_payloads_in_every_field_never_give_a_500(client):
    from .xss_payloads import PAYLOADS

    event = make_event()
    question = Question.objects.create(event=event, label="问题", kind="multiple", choices="甲\n乙")
    names = [*registration_post(), f"q{question.pk}", "captcha_0", "captcha_1"]
    for i, payload in enumerate(PAYLOADS[:30] + ["😀" * 5000, "\u202e\u200b" * 50, "1" * 100_000]):
        name = names[i % len(names)]
        response = client.post(register_url(event), registration_post(**{name: payload}))
        assert response.status_code in (302, 400), (name, payload[:40])
        for url in (f"/events/?page={payload[:200]}", f"/events/{event.slug}/?x={payload[:200]}"):
            assert client.get(url).status_code in (200, 400), url
