"""Members at events: registration recognises a member company (会员单位) by its code or its
name as the directory has it, and charges the member price."""

from decimal import Decimal

import pytest

from association.events.models import Registration
from association.members.models import Member

from .factories import make_event, make_member_company, registration_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _patient_limits(settings):
    settings.EVENTS_CAPTCHA_AFTER, settings.EVENTS_REGISTER_LIMIT = 100, 200


@pytest.fixture
def event():
    return make_event(title="膜产业大会", member_price=1200, non_member_price=1800)


def register(client, event, **fields):
    return client.post(f"/events/{event.slug}/register/", registration_post(**fields))


def test_a_member_named_as_in_the_directory_gets_the_member_price_even_if_it_said_no(client, event):
    member = make_member_company(name="蓝海（北京）膜科技有限公司", short_name="蓝海膜业")
    response = register(client, event, organisation="蓝海(北京) 膜科技有限公司", is_member="0")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.member == member and registration.is_member
    assert registration.fee_per_person == Decimal("1200")


def test_the_short_name_and_the_member_code_are_recognised(client, event):
    by_short = make_member_company(name="示例膜材料股份有限公司", short_name="示例膜材")
    by_code = make_member_company(name="另一家膜科技有限公司", code="CMIA-0042")
    register(client, event, organisation="示例膜材", is_member="0", mobile="13800000001")
    register(client, event, organisation="分公司名称不同", member_code=" cmia-0042 ",
             is_member="0", mobile="13800000002")  # fmt: skip
    members = dict(Registration.objects.values_list("mobile", "member"))
    assert members == {"13800000001": by_short.pk, "13800000002": by_code.pk}
    assert set(Registration.objects.values_list("fee_per_person", flat=True)) == {1200}


def test_a_wrong_code_is_refused_in_chinese_and_the_form_is_kept(client, event):
    make_member_company(name="示例膜科技有限公司", code="CMIA-0001")
    response = register(client, event, member_code="CMIA-9999", remarks="需要住宿")
    page = response.content.decode()
    assert response.status_code == 400 and "没有这个会员编号" in page
    assert "需要住宿" in page and "CMIA-9999" in page
    assert not Registration.objects.exists()


def test_a_suspended_member_is_not_recognised(client, event):
    make_member_company(name="暂停会员有限公司", status=Member.Status.SUSPENDED, code="CMIA-7")
    register(client, event, organisation="暂停会员有限公司", is_member="0")
    registration = Registration.objects.get()
    assert registration.member is None and registration.fee_per_person == Decimal("1800")


def test_a_claimed_but_unknown_member_is_left_for_the_secretariat_to_check(client, event):
    register(client, event, organisation="名录里没有的公司", is_member="1")
    registration = Registration.objects.get()
    assert registration.is_member and registration.member is None


def test_the_member_code_is_staff_only(client):
    member = make_member_company(name="编号保密有限公司", code="CMIA-SECRET")
    page = client.get(member.get_absolute_url()).content.decode()
    assert "编号保密有限公司" in page and "CMIA-SECRET" not in page
