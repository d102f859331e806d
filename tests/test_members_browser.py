"""On a phone (390 px): a visitor filters the member directory and applies to join; staff
approve the application in the admin; the new member appears in the directory.

Screenshots go to artifacts/members/ for people to look at.
"""

from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from association.members.models import Member, MembershipApplication
from association.site.models import SiteSettings

from .factories import (
    image_bytes,
    make_member_company,
    make_staff,
    member_field,
    member_level,
    pdf_bytes,
)  # fmt: skip

SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "members"
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_filters_and_applies_staff_approve_member_appears(chromium, live_server, tmp_path):
    SiteSettings.load()
    member_level("副理事长单位", 1)
    member_level("会员单位", 4)
    member_field("膜组件")
    make_member_company(name="南京江渚分离膜有限公司", province="江苏", fields=["膜组件"])
    make_member_company(name="天津海润水处理有限公司", province="天津", fields=["工程公司"])
    licence, form = tmp_path / "营业执照.pdf", tmp_path / "申请表.jpg"
    licence.write_bytes(pdf_bytes())
    form.write_bytes(image_bytes(size=(600, 800)))

    visitor = chromium.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True)
    page = visitor.new_page()
    page.goto("/")
    page.get_by_text("栏目导航").click()  # the folded phone menu
    page.get_by_role("link", name="会员单位", exact=True).click()
    expect(page.get_by_role("heading", name="会员单位", level=1)).to_be_visible()
    page.get_by_label("省份").select_option("江苏")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/members/?*province=*")
    cards = page.locator(".member-card")
    assert cards.count() == 1 and "南京江渚分离膜有限公司" in cards.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "1-directory-filtered-phone")

    page.get_by_role("link", name="申请入会").click()
    page.get_by_label("单位名称").fill("杭州清源膜科技有限公司")
    page.get_by_label("简称").fill("清源膜科技")
    page.get_by_label("省份").select_option("浙江")
    page.get_by_label("城市").fill("杭州")
    page.get_by_label("地址").fill("杭州市示例路 9 号")
    page.get_by_label("单位简介").fill("专业生产中空纤维超滤膜。")
    page.get_by_label("申请级别").select_option(label="会员单位")
    page.get_by_label("膜组件").check()
    page.locator("#id_contact_person").fill("陈晨")
    page.get_by_label("手机").fill("13900000001")
    page.get_by_label("电子邮箱").fill("chenchen@")  # a mistake first
    page.get_by_label("营业执照").set_input_files(str(licence))
    page.get_by_label("盖章的入会申请表").set_input_files(str(form))
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert page.get_by_label("单位简介").input_value() == "专业生产中空纤维超滤膜。"
    expect(page.get_by_text("已收到“营业执照.pdf”")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "2-apply-error-kept-phone")
    page.get_by_label("电子邮箱").fill("chenchen@example.com")
    page.get_by_role("button", name="提交申请").click()  # the files are not chosen again
    expect(page.get_by_role("heading", name="入会申请已提交")).to_be_visible()
    shot(page, "3-apply-thanks-phone")
    application = MembershipApplication.objects.get()
    assert application.licence.read().startswith(b"%PDF-")

    staff = Client()
    staff.force_login(make_staff(username="secretariat"))
    office = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    office.add_cookies([{"name": "sessionid", "value": staff.cookies["sessionid"].value,
                         "url": live_server.url}])  # fmt: skip
    admin = office.new_page()
    admin.goto(f"/admin/members/membershipapplication/{application.pk}/change/")
    expect(admin.get_by_role("link", name="下载营业执照")).to_be_visible()
    admin.get_by_label("审核结果").select_option(label="已通过")
    admin.get_by_label("审核意见").fill("材料齐全,欢迎加入。")
    admin.get_by_role("button", name="保存", exact=True).click()
    expect(admin.get_by_text("已通过”已记录")).to_be_visible()
    shot(admin, "4-staff-approved")
    office.close()

    member = Member.objects.get(name="杭州清源膜科技有限公司")
    assert [m.to for m in mail.outbox] == [["chenchen@example.com"]]
    page.goto("/members/?province=浙江")
    assert "杭州清源膜科技有限公司" in page.locator(".member-cards").inner_text()
    page.get_by_role("link", name="杭州清源膜科技有限公司").click()
    page.wait_for_url(f"**{member.get_absolute_url()}")
    assert "专业生产中空纤维超滤膜" in page.content() and "陈晨" not in page.content()
    shot(page, "5-new-member-phone")
    visitor.close()
