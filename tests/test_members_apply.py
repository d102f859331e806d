"""入会申请: validation, uploads judged by content and kept for the retry, the honeypot, the
rate limit and the CAPTCHA near it, and the private documents."""

import io
import re

import pytest
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from association.members.models import MembershipApplication

from .factories import image_bytes, make_member_company, member_field, member_level, pdf_bytes

pytestmark = pytest.mark.django_db
APPLY = "/members/apply/"


def upload(name, content):
    return SimpleUploadedFile(name, content)


def form_data(**changes):
    data = {
        "name": "宁波清流膜技术有限公司", "short_name": "清流膜", "province": "浙江",
        "city": "宁波", "address": "宁波市示例路 8 号", "website": "www.qingliu.example.com",
        "introduction": "专业生产超滤膜组件。", "products": "超滤膜\n纳滤膜",
        "level": member_level("会员单位").pk, "fields": [member_field("膜组件").pk],
        "contact_person": "李明", "contact_mobile": "13800000000",
        "contact_email": "liming@example.com",
        "licence": upload("营业执照.pdf", pdf_bytes()),
        "application_form": upload("申请表.jpg", image_bytes(size=(300, 400))),
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_complete_application_is_saved_with_its_documents_private(client, settings):
    response = client.post(APPLY, form_data())
    assert response.status_code == 302 and response["Location"] == "/members/apply/thanks/"
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.PENDING
    assert application.website == "https://www.qingliu.example.com"
    assert [f.name for f in application.fields.all()] == ["膜组件"]
    for document in (application.licence, application.application_form):
        assert document.name.startswith("applications/")
        path = document.path
        assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert not path.startswith(str(settings.MEDIA_ROOT))
        assert "营业执照" not in document.name  # our own names
    assert application.licence.read().startswith(b"%PDF-")
    assert "入会申请已提交" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "请填写单位名称"),
        ({"province": ""}, "请选择省份"),
        ({"province": "火星"}, "省份"),
        ({"fields": []}, "请至少选择一个业务领域"),
        ({"contact_email": "not-an-email"}, "电子邮箱"),
        ({"contact_mobile": "abc"}, "请填写正确的手机或电话号码"),
        ({"name": "膜" * 10_000}, "100"),
        ({"introduction": "简介\x00"}, "空字符"),
        ({"licence": None}, "请上传营业执照"),
        ({"licence": upload("执照.pdf", b"MZ\x90\x00" + b"\x00" * 200)}, "程序"),
        ({"licence": upload("执照.exe", b"MZ\x90\x00")}, "不能上传"),
        ({"licence": upload("执照.pdf", b"<html><script>alert(1)</script></html>")}, "网页"),
        ({"licence": upload("执照.docx", b"PK\x03\x04")}, "只接受"),
        ({"application_form": upload("表.png", pdf_bytes())}, "内容与扩展名不符"),
        ({"application_form": upload("表.pdf", b"")}, "空"),
    ],
)
def test_validation_errors_are_chinese_and_keep_what_was_typed(client, changes, message):
    response = client.post(APPLY, form_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html[html.find("join-error") - 200 :][:600]
    assert "申请还没有提交" in html
    assert 'value="李明"' in html and 'value="宁波市示例路 8 号"' in html
    assert MembershipApplication.objects.count() == 0


def test_emoji_and_hostile_text_are_accepted_as_text(client):
    response = client.post(APPLY, form_data(introduction="😀 <script>alert(1)</script>"))
    assert response.status_code == 302
    assert MembershipApplication.objects.get().introduction.startswith("😀 <script>")


def test_uploads_that_passed_are_kept_for_the_retry(client):
    first = client.post(APPLY, form_data(contact_email="wrong"))
    assert first.status_code == 400
    html = first.content.decode()
    assert "已收到“营业执照.pdf”" in html and "已收到“申请表.jpg”" in html
    token = first.context["form"].kept_token()
    # The visitor fixes the e-mail and submits again without choosing the files.
    retry = client.post(APPLY, form_data(licence=None, application_form=None, staged=token))
    assert retry.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.licence.read().startswith(b"%PDF-")


def test_a_forged_or_foreign_staged_token_brings_no_file(client):
    forged = client.post(APPLY, form_data(licence=None, staged="e30:forged:signature"))
    assert "请上传营业执照" in forged.content.decode()
    from association.members import staging

    outside = staging.token_for({"licence": ("../../etc/passwd", "x.pdf")})
    response = client.post(APPLY, form_data(licence=None, staged=outside))
    assert "请上传营业执照" in response.content.decode()


def test_a_member_or_a_pending_application_cannot_apply_twice(client):
    assert client.post(APPLY, form_data()).status_code == 302
    assert "已有一份待审核的申请" in client.post(APPLY, form_data()).content.decode()
    make_member_company(name="宁波清流膜技术有限公司")
    assert "已经是会员单位" in client.post(APPLY, form_data()).content.decode()


def test_the_honeypot_pretends_success_and_saves_nothing(client):
    response = client.post(APPLY, form_data(fax_number="0574-1234"))
    assert response.status_code == 302
    assert MembershipApplication.objects.count() == 0


def test_a_captcha_is_asked_near_the_limit_and_the_limit_refuses(client, settings):
    settings.MEMBERS_CAPTCHA_AFTER, settings.MEMBERS_APPLY_LIMIT = 2, 4
    assert "验证码" not in client.get(APPLY).content.decode()
    client.post(APPLY, form_data(contact_email="wrong"))
    second = client.post(APPLY, form_data(contact_email="wrong"))
    assert "验证码" in second.content.decode()  # the next try needs it
    assert "验证码" in client.get(APPLY).content.decode()
    wrong = client.post(APPLY, form_data(captcha_0="nokey", captcha_1="xxxx"))
    assert "验证码不正确" in wrong.content.decode()
    assert MembershipApplication.objects.count() == 0
    key = re.search(r'name="captcha_0" value="(\w+)"', wrong.content.decode()).group(1)
    answer = CaptchaStore.objects.get(hashkey=key).response
    solved = client.post(APPLY, form_data(captcha_0=key, captcha_1=answer.upper()))
    assert solved.status_code == 302 and MembershipApplication.objects.count() == 1
    limited = client.post(APPLY, form_data(name="另一家膜业有限公司"))
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "提交次数过多" in html and "另一家膜业有限公司" in html  # what was typed is kept
    assert MembershipApplication.objects.count() == 1


def test_the_limit_is_per_address(client, settings):
    settings.MEMBERS_APPLY_LIMIT = 1
    client.post(APPLY, form_data(contact_email="wrong"))
    assert client.post(APPLY, form_data()).status_code == 429
    other = client.post(APPLY, form_data(), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_the_apply_page_is_never_cached(client):
    response = client.get(APPLY)
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert client.get(APPLY).get("X-Page-Cache") != "hit"


def test_the_paper_form_is_a_docx_with_todays_levels_and_fields(client):
    member_field("气体分离膜")
    response = client.get("/members/apply/form.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''%E5%85%A5%E4%BC%9A" in response["Content-Disposition"]
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(response.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "□ 副理事长单位" in text and "□ 气体分离膜" in text and "统一社会信用代码" in text


def test_abandoned_staged_uploads_are_swept(client, settings):
    import os
    import time

    from association.members import staging

    name, _ = staging.stage(upload("旧.pdf", pdf_bytes()))
    path = os.path.join(settings.PRIVATE_MEDIA_ROOT, name)
    old = time.time() - settings.MEMBERS_STAGED_UPLOAD_SECONDS - 60
    os.utime(path, (old, old))
    token = staging.token_for({"licence": (name, "旧.pdf")})
    client.post(APPLY, form_data(licence=None, staged=token))
    assert not os.path.exists(path)
