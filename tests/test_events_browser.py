"""At 1366 and 390 px: a visitor finds the demo conference, registers (a mistake first) and
sees the confirmation; 会务 staff see the registration in the admin and export it.

Screenshots go to artifacts/events/ for people to look at.
"""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from openpyxl import load_workbook
from playwright.sync_api import expect

from association.events.demo import load_events
from association.events.models import Registration
from association.events.roles import CONFERENCE_GROUP
from association.site.models import SiteSettings

from .factories import make_staff

SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "events"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page, size):
    return page.evaluate("document.documentElement.scrollWidth") <= size["width"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", SIZES)
def test_visitor_registers_and_staff_export_it(chromium, live_server, tmp_path, device):
    size = SIZES[device]
    SiteSettings.load()
    load_events()
    visitor = chromium.new_context(
        viewport=size, base_url=live_server.url, is_mobile=device == "phone"
    )
    page = visitor.new_page()
    page.goto("/")
    if device == "phone":
        page.get_by_text("栏目导航").click()  # the folded phone menu
    page.get_by_role("link", name="会议活动", exact=True).click()
    expect(page.get_by_role("heading", name="会议活动", level=1)).to_be_visible()
    assert page.locator(".event-status-full").count() == 1  # the training course is full
    assert fits(page, size)
    shot(page, f"1-events-{device}")
    page.get_by_role("link", name="膜产业年度技术交流大会").click()
    expect(page.get_by_text("报名中").first).to_be_visible()
    shot(page, f"2-conference-{device}")
    page.get_by_role("link", name="我要报名").click()

    page.locator("#id_organisation").fill("杭州清源膜科技有限公司")
    page.locator("#id_name").fill("陈晨")
    page.locator("#id_title").fill("技术总监")
    page.locator("#id_mobile").fill("1390000")  # a mistake first
    page.locator("#id_email").fill("chenchen@example.com")
    page.get_by_label("是", exact=True).check()
    page.locator("#id_attendee-0-name").fill("周洋")
    page.get_by_label("需要", exact=True).check()
    page.get_by_label("MBR").check()
    page.get_by_role("button", name="提交报名").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("请填写正确的手机号码")).to_be_visible()
    assert page.locator("#id_attendee-0-name").input_value() == "周洋"  # nothing lost
    assert fits(page, size)
    shot(page, f"3-register-error-{device}")
    page.locator("#id_mobile").fill("139 0000 1234")
    page.get_by_role("button", name="提交报名").click()
    expect(page.get_by_role("heading", name="报名已提交")).to_be_visible()
    registration = Registration.objects.get(name="陈晨")
    expect(page.get_by_text(registration.reference)).to_be_visible()
    assert "2000 元" in page.content()  # two people at the member's early-bird price
    assert fits(page, size)
    shot(page, f"4-confirmation-{device}")
    assert [m.to for m in mail.outbox] == [["chenchen@example.com"]]
    visitor.close()

    staff = Client()
    user = make_staff(username=f"huiwu-{device}", superuser=False)
    user.groups.add(Group.objects.get(name=CONFERENCE_GROUP))
    staff.force_login(user)
    office = chromium.new_context(viewport=size, base_url=live_server.url)
    office.add_cookies([{"name": "sessionid", "value": staff.cookies["sessionid"].value,
                         "url": live_server.url}])  # fmt: skip
    admin = office.new_page()
    admin.goto(f"/admin/events/registration/?event__id__exact={registration.event_id}")
    expect(admin.get_by_role("link", name=registration.reference)).to_be_visible()
    expect(admin.get_by_text("共 2 人")).to_be_visible()
    shot(admin, f"5-admin-registrations-{device}")
    admin.locator("#action-toggle").check()
    admin.locator("select[name=action]").select_option("export_xlsx")
    with admin.expect_download() as download:
        admin.locator("button[name=index]").click()
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    rows = list(load_workbook(io.BytesIO(saved.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][3] == "姓名" and rows[1][3] == "陈晨" and rows[1][9] == "周洋"
    office.close()
