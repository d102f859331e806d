"""A notice's online 回执: the notice page's 填写回执, the same form as 我要报名 (duplicates,
deadline, capacity, honeypot), the confirmation with its reference and e-mail; never a 500."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from association.events.models import Question, Registration

from .factories import make_article, make_event, make_notice_reply, registration_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _patient_limits(settings):
    settings.EVENTS_CAPTCHA_AFTER, settings.EVENTS_REGISTER_LIMIT = 100, 200


def reply_url(reply):
    return f"/events/reply/{reply.article_id}/"


def post(client, reply, **fields):
    return client.post(reply_url(reply), registration_post(**fields))


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_visitor_replies_and_sees_the_confirmation_with_a_reference(
    client, django_capture_on_commit_callbacks
):
    reply = make_notice_reply(questions=[("是否住宿", Question.Kind.SINGLE, "需要\n不需要")])
    [question] = reply.questions.all()
    form = html(client, reply_url(reply))
    assert "填写回执" in form and "提交回执" in form and "是否住宿" in form
    assert "发票抬头" not in form  # a 回执 asks no fees
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, reply, **{f"q{question.pk}": "需要", "attendee-0-name": "王芳"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.reply == reply and registration.event is None
    assert registration.reference.startswith("HZ") and registration.headcount == 2
    assert registration.answers == {"是否住宿": "需要"} and registration.fee_total == 0
    page = html(client, response["Location"])
    assert "回执已提交" in page and registration.reference in page
    assert reply.article.title in page
    [message] = mail.outbox
    assert message.to == ["liming@example.com"] and "回执确认" in message.subject
    assert registration.reference in message.subject and reply.article.title in message.body


def test_the_notice_page_shows_the_button_with_the_deadline_and_status(client):
    deadline = timezone.now() + timedelta(days=3)
    notice = make_article(title="关于报送统计表的通知", reply_deadline=deadline)
    reply = make_notice_reply(article=notice)
    page = html(client, notice.get_absolute_url())
    assert "在线回执" in page and "回执进行中" in page
    assert f'href="{reply_url(reply)}"' in page and "填写回执" in page
    assert f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}" in page  # the notice's own 截止日期
    assert "填写回执" not in html(client, make_article(title="无回执的通知").get_absolute_url())
    reply.enabled = False
    reply.save()  # an editor switches it off: the cached notice page renews
    assert "在线回执" not in html(client, notice.get_absolute_url())


def test_after_the_deadline_the_page_says_closed_and_the_form_refuses(client):
    notice = make_article(reply_deadline=timezone.now() + timedelta(days=3))
    reply = make_notice_reply(article=notice, deadline=timezone.now() - timedelta(minutes=1))
    page = html(client, notice.get_absolute_url())
    assert "回执已截止" in page and f'href="{reply_url(reply)}"' not in page  # its own deadline
    form = html(client, reply_url(reply))
    assert "回执已截止" in form and "提交回执" not in form
    response = post(client, reply)
    assert response.status_code == 400 and "回执已截止" in response.content.decode()
    open_reply = make_notice_reply(article=make_article(reply_deadline=timezone.now()))
    assert "回执已截止" in post(client, open_reply).content.decode()  # the notice's 截止日期
    assert Registration.objects.count() == 0


def test_a_switched_off_reply_refuses_in_chinese(client):
    reply = make_notice_reply(enabled=False)
    response = post(client, reply)
    assert response.status_code == 400 and "不再接受在线回执" in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_same_phone_cannot_reply_twice_to_one_notice(client):
    reply = make_notice_reply()
    assert post(client, reply).status_code == 302
    again = post(client, reply, name="李明二号", mobile="13812345678")
    assert again.status_code == 400 and "已经提交过本通知的回执" in again.content.decode()
    assert post(client, make_notice_reply(), mobile="13812345678").status_code == 302
    event = make_event()
    response = client.post(f"/events/{event.slug}/register/", registration_post())
    assert response.status_code == 302  # an event with the same phone is another matter
    assert Registration.objects.count() == 3


def test_the_capacity_when_set_counts_people(client):
    reply = make_notice_reply(capacity=2)
    response = post(client, reply, **{"attendee-0-name": "王芳", "attendee-1-name": "赵磊"})
    assert response.status_code == 400 and "只剩 2 个名额" in response.content.decode()
    assert post(client, reply, **{"attendee-0-name": "王芳"}).status_code == 302
    response = post(client, reply, mobile="13900000000")
    assert response.status_code == 400 and "名额已满" in response.content.decode()
    page = html(client, reply.article.get_absolute_url())
    assert "名额已满" in page and f'href="{reply_url(reply)}"' not in page


def test_a_robot_filling_the_honeypot_saves_nothing(client):
    reply = make_notice_reply()
    response = post(client, reply, fax_number="010-12345678")
    assert response.status_code == 302 and Registration.objects.count() == 0
    assert mail.outbox == []


def test_an_unpublished_notice_has_no_reply_form_for_visitors(client):
    draft = make_article(status="draft")
    reply = make_notice_reply(article=draft)
    assert client.get(reply_url(reply)).status_code == 404
    assert post(client, reply).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/events/reply/999999/", "/events/reply/99999999999999999999/", "/events/reply/-1/",
     "/events/reply/abc/", "/events/reply/1/x/"],
)  # fmt: skip
def test_bad_addresses_give_404_never_500(client, url):
    assert client.get(url).status_code == 404
    assert client.post(url, registration_post()).status_code == 404


def test_hostile_input_never_gives_a_500(client):
    from .xss_payloads import PAYLOADS

    reply = make_notice_reply(questions=[("意见", Question.Kind.TEXT, "")])
    names = [*registration_post(), f"q{reply.questions.get().pk}"]
    for i, payload in enumerate(PAYLOADS[:20] + ["😀" * 5000, "李\x00明", "1" * 100_000]):
        name = names[i % len(names)]
        response = client.post(reply_url(reply), registration_post(**{name: payload}))
        assert response.status_code in (302, 400), (name, payload[:40])
    data = registration_post()
    del data["attendee-TOTAL_FORMS"]
    assert client.post(reply_url(reply), data).status_code == 400
    assert client.get(f"{reply_url(reply)}?x=%00").status_code in (200, 400)


def test_a_question_or_registration_belongs_to_exactly_one_target():
    from django.db import IntegrityError, transaction

    reply = make_notice_reply()
    event = make_event()
    for target in ({}, {"event": event, "reply": reply}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Registration.objects.create(organisation="单位", name="甲", mobile="13800000000",
                                        email="a@example.com", **target)  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            Question.objects.create(label="问题", **target)
