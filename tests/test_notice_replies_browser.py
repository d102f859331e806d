"""At 390 px: a visitor opens the demo notice of the 会员代表大会, follows 填写回执, makes a
mistake, fills it in and sees the confirmation with its reference. Screenshots go to
artifacts/events/."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from association.events.demo import load_replies
from association.events.models import Registration
from association.site.models import SiteSettings
from news.demo.notices import load_notices

from .factories import make_section
from .test_events_browser import fits, shot

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_fills_the_demo_notice_reply_on_a_phone(chromium, live_server):
    SiteSettings.load()
    load_notices(make_section(name="通知公告", slug="tzgg"))
    load_replies()
    visitor = chromium.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True)
    page = visitor.new_page()
    page.goto("/section/tzgg/")
    page.get_by_role("link", name="关于召开2018年会员代表大会暨膜技术交流会的通知").click()
    expect(page.get_by_text("回执进行中")).to_be_visible()
    assert fits(page, PHONE)
    shot(page, "6-notice-reply-phone")
    page.get_by_role("link", name="填写回执").click()
    expect(page.get_by_role("heading", name="填写回执", level=1)).to_be_visible()
    page.locator("#id_organisation").fill("杭州清源膜科技有限公司")
    page.locator("#id_name").fill("陈晨")
    page.locator("#id_mobile").fill("139 0000 12")  # a mistake first
    page.locator("#id_email").fill("chenchen@example.com")
    page.get_by_label("否", exact=True).check()
    page.get_by_label("需要", exact=True).check()
    page.get_by_role("button", name="提交回执").click()
    expect(page.get_by_text("请填写正确的手机号码")).to_be_visible()
    assert page.locator("#id_organisation").input_value() == "杭州清源膜科技有限公司"
    assert fits(page, PHONE)
    shot(page, "7-reply-form-error-phone")
    page.locator("#id_mobile").fill("139 0000 1234")
    page.get_by_role("button", name="提交回执").click()
    expect(page.get_by_role("heading", name="回执已提交")).to_be_visible()
    registration = Registration.objects.get(name="陈晨")
    expect(page.get_by_text(registration.reference)).to_be_visible()
    assert registration.answers["是否需要安排住宿?"] == "需要"
    assert fits(page, PHONE)
    shot(page, "8-reply-confirmation-phone")
    assert [m.to for m in mail.outbox] == [["chenchen@example.com"]]
    visitor.close()
