"""Staff review of applications: decisions, the member made on approval, the audit trail, the
applicant's e-mails, private documents and contacts, and backups."""

import tarfile

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.base import ContentFile

from association.members.models import ApplicationDecision, Member, MembershipApplication
from association.web.backup import create_backup, restore_backup

from .factories import (
    image_bytes,
    make_member_company,
    make_staff,
    member_field,
    member_level,
    pdf_bytes,
)  # fmt: skip

pytestmark = pytest.mark.django_db
Status = MembershipApplication.Status


def make_application(**values):
    values = {
        "name": "深圳净源膜科技有限公司", "short_name": "净源膜", "province": "广东",
        "city": "深圳", "address": "深圳市示例大道 1 号", "introduction": "纳滤膜研发。",
        "products": "纳滤膜\n反渗透膜", "level": member_level("理事单位"),
        "contact_person": "张华", "contact_mobile": "13700000000",
        "contact_email": "zhanghua@example.com", "website": "https://jingyuan.example.com",
    } | values  # fmt: skip
    application = MembershipApplication(**values)
    application.licence.save("x.pdf", ContentFile(pdf_bytes()), save=False)
    application.application_form.save("x.jpg", ContentFile(image_bytes(size=(50, 50))), save=False)
    application.save()
    application.fields.set([member_field("膜材料"), member_field("膜组件")])
    return application


def review_data(application, decision, comment=""):
    """The admin change form as a browser sends it, with a decision."""
    return {
        "name": application.name, "short_name": application.short_name,
        "name_en": application.name_en, "level": application.level_id,
        "fields": [f.pk for f in application.fields.all()], "province": application.province,
        "city": application.city, "address": application.address,
        "website": application.website, "introduction": application.introduction,
        "products": application.products, "contact_person": application.contact_person,
        "contact_title": "", "contact_mobile": application.contact_mobile,
        "contact_email": application.contact_email, "decision": decision,
        "decision_comment": comment, "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0", "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip


def change_url(application):
    return f"/admin/members/membershipapplication/{application.pk}/change/"


@pytest.fixture
def reviewer(client):
    user = make_staff(username="secretariat")
    client.force_login(user)
    return user


def test_approving_creates_the_member_without_retyping(client, reviewer):
    application = make_application()
    response = client.post(change_url(application), review_data(application, "approved"))
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.status == Status.APPROVED and application.reviewed_by == reviewer
    member = Member.objects.get(name="深圳净源膜科技有限公司")
    assert application.member == member
    assert (member.short_name, member.province, member.city, member.level.name) == (
        "净源膜", "广东", "深圳", "理事单位",
    )  # fmt: skip
    assert member.contact_person == "张华" and member.status == Member.Status.ACTIVE
    assert sorted(f.name for f in member.fields.all()) == ["膜材料", "膜组件"]
    assert member.product_list == ["纳滤膜", "反渗透膜"]
    client.logout()
    assert "深圳净源膜科技有限公司" in client.get("/members/").content.decode()
    page = client.get(member.get_absolute_url()).content.decode()
    assert "纳滤膜研发" in page and "张华" not in page and "13700000000" not in page


def test_each_decision_is_recorded_and_mailed(client, reviewer):
    application = make_application()
    client.post(change_url(application), review_data(application, "needs_more", "请补充盖章页。"))
    client.post(change_url(application), review_data(application, "approved", "欢迎加入。"))
    decisions = list(ApplicationDecision.objects.order_by("created_at", "id"))
    assert [(d.status, d.comment, d.user, d.emailed) for d in decisions] == [
        (Status.NEEDS_MORE, "请补充盖章页。", reviewer, True),
        (Status.APPROVED, "欢迎加入。", reviewer, True),
    ]
    assert [m.to for m in mail.outbox] == [["zhanghua@example.com"]] * 2
    first, second = mail.outbox
    assert "需补充材料" in first.subject and "请补充盖章页。" in first.body
    assert "已通过" in second.subject and "已列入网站的会员单位名录" in second.body
    history = client.get(change_url(application)).content.decode()
    assert "请补充盖章页。" in history and "secretariat" in history


def test_rejection_needs_a_comment_and_approval_is_final(client, reviewer):
    application = make_application()
    response = client.post(change_url(application), review_data(application, "rejected"))
    assert response.status_code == 200 and "必须填写审核意见" in response.content.decode()
    assert not mail.outbox and not ApplicationDecision.objects.exists()
    client.post(change_url(application), review_data(application, "rejected", "不在膜领域。"))
    application.refresh_from_db()
    assert application.status == Status.REJECTED and "未通过" in mail.outbox[0].subject
    assert not Member.objects.exists()


def test_approval_refuses_a_name_that_is_already_a_member(client, reviewer):
    make_member_company(name="深圳净源膜科技有限公司")
    application = make_application()
    response = client.post(change_url(application), review_data(application, "approved"))
    assert "已有同名的会员单位" in response.content.decode()
    assert Member.objects.count() == 1 and not mail.outbox


def test_documents_are_refused_to_anonymous_and_to_staff_without_the_permission(client):
    application = make_application()
    url = application.document_url("licence")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    clerk = make_staff(username="clerk", superuser=False)
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    page = client.get(change_url(application))
    assert page.status_code in (302, 403)  # no admin permission for applications at all
    clerk.user_permissions.add(
        Permission.objects.get(codename="view_membershipapplication"),
        Permission.objects.get(codename="view_application_documents"),
    )
    clerk = type(clerk).objects.get(pk=clerk.pk)  # a fresh permission cache
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "下载营业执照" in client.get(change_url(application)).content.decode()


@pytest.mark.parametrize(
    "crafted",
    ["/members/applications/{pk}/name/", "/members/applications/{pk}/..%2F..%2Fsettings/",
     "/members/applications/999999/licence/", "/media/{licence}", "/media/../private/{licence}",
     "/members/applications/{pk}/licence%00/"],
)  # fmt: skip
def test_crafted_urls_never_serve_a_document(client, reviewer, crafted):
    application = make_application()
    url = crafted.format(pk=application.pk, licence=application.licence.name)
    response = client.get(url)
    assert response.status_code in (400, 404)


def test_private_contacts_need_their_own_permission_in_the_admin(client):
    member = make_member_company(contact_person="赵秘书", contact_mobile="13600000000")
    editor = make_staff(username="plain-editor", superuser=False)
    editor.user_permissions.add(Permission.objects.get(codename="change_member"))
    client.force_login(editor)
    page = client.get(f"/admin/members/member/{member.pk}/change/").content.decode()
    assert page.count("单位名称") and "赵秘书" not in page and "13600000000" not in page
    editor.user_permissions.add(Permission.objects.get(codename="view_private_contact"))
    client.force_login(type(editor).objects.get(pk=editor.pk))
    page = client.get(f"/admin/members/member/{member.pk}/change/").content.decode()
    assert "赵秘书" in page and "13600000000" in page


def test_backups_hold_applications_and_their_private_documents(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    application = make_application()
    licence = application.licence.name
    archive = tmp_path / "site.tar.gz"
    manifest = create_backup(archive)
    assert manifest["models"]["members.membershipapplication"] == 1
    with tarfile.open(archive) as tar:
        assert f"private/{licence}" in tar.getnames()
    (tmp_path / "private" / licence).unlink()
    restore_backup(archive, replace=True)
    restored = MembershipApplication.objects.get()
    assert restored.licence.name == licence and restored.licence.read().startswith(b"%PDF-")


def test_a_website_typed_without_a_scheme_is_kept_as_https(client, reviewer):
    application = make_application(website="https://old.example.com")
    data = review_data(application, "") | {"website": "jingyuan.example.com"}
    assert client.post(change_url(application), data).status_code == 302
    application.refresh_from_db()
    assert application.website == "https://jingyuan.example.com"
