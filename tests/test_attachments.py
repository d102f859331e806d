"""附件: stored by content under generated names, added in the article form, listed on the page."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Attachment, AuditEntry

from . import attachment_files as files
from .factories import article_form_data, make_article, make_attachment, make_member, make_staff

pytestmark = pytest.mark.django_db


def test_stored_under_a_generated_path_with_the_chinese_name_kept():
    attachment = make_attachment(make_article(), name="附件1 会议通知.pdf")
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.name == "附件1 会议通知.pdf"
    assert (attachment.kind, attachment.size) == ("pdf", len(files.pdf_bytes()))
    assert Path(attachment.file.path).read_bytes() == files.pdf_bytes()
    assert attachment.download_name == "附件1 会议通知.pdf"


def test_a_display_name_without_extension_downloads_with_one():
    attachment = make_attachment(make_article(), name="报名回执表.docx", data=files.docx_bytes())
    attachment.name = "报名回执表"
    assert attachment.download_name == "报名回执表.docx"


def test_a_file_saved_without_a_form_is_judged_too(settings):
    article = make_article()
    with pytest.raises(ValidationError, match="程序"):
        make_attachment(article, name="会议通知.pdf", data=files.EXE_BYTES)
    assert not Attachment.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).glob("attachments/*/*/*.exe"))


def inline_rows(data, rows, start=0):
    """Add attachment rows (name -> bytes) to the article form's POST data."""
    for i, (name, content) in enumerate(rows.items(), start=start):
        data[f"attachments-{i}-position"] = str(i + 1)
        data[f"attachments-{i}-file"] = SimpleUploadedFile(name, content)
        data[f"attachments-{i}-name"] = ""
        data[f"attachments-{i}-description"] = f"说明{i}"
        data[f"attachments-{i}-is_public"] = "on"
    data["attachments-TOTAL_FORMS"] = str(start + len(rows))
    return data


def test_an_editor_attaches_files_in_the_article_form(client):
    editor = make_member("编辑")
    client.force_login(editor)
    article = make_article(status="draft", title="关于召开年会的通知")
    data = inline_rows(
        article_form_data(article),
        {"附件1 会议通知.pdf": files.pdf_bytes(), "报名回执表.docx": files.docx_bytes()},
    )
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    saved = list(article.attachments.all())
    assert [(a.name, a.kind, a.position) for a in saved] == [
        ("附件1 会议通知.pdf", "pdf", 1),
        ("报名回执表.docx", "docx", 2),
    ]
    notes = AuditEntry.objects.filter(action=AuditEntry.Action.ATTACH, user=editor)
    assert sorted(notes.values_list("note", flat=True)) == ["报名回执表.docx", "附件1 会议通知.pdf"]


def test_a_refused_upload_loses_nothing_already_saved(client):
    client.force_login(make_staff())
    article = make_article(title="旧标题")
    kept = make_attachment(article, name="入会申请表.pdf")
    data = article_form_data(article, title="新标题")
    data = inline_rows(data, {"会议通知.pdf": files.EXE_BYTES}, start=1)
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 200  # the form comes back with the editor's text
    html = response.content.decode()
    assert "出于安全考虑不能上传" in html and "新标题" in html
    article.refresh_from_db()
    assert article.title == "旧标题"
    assert list(article.attachments.all()) == [kept]
    assert Path(kept.file.path).read_bytes() == files.pdf_bytes()


def test_replacing_a_file_with_a_refused_one_keeps_the_old_file(client):
    client.force_login(make_staff())
    article = make_article()
    kept = make_attachment(article, name="标准草案.pdf")
    data = article_form_data(article)
    data["attachments-0-file"] = SimpleUploadedFile("标准草案.pdf", files.HTML_BYTES)
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert "网页" in response.content.decode()
    kept.refresh_from_db()
    assert kept.kind == "pdf" and Path(kept.file.path).read_bytes() == files.pdf_bytes()


def test_removing_an_attachment_deletes_its_file_once_committed(
    client, django_capture_on_commit_callbacks
):
    client.force_login(make_staff())
    article = make_article()
    gone = make_attachment(article)
    path = Path(gone.file.path)
    data = article_form_data(article)
    data["attachments-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert not article.attachments.exists() and not path.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DETACH).exists()


def test_the_article_page_lists_attachments_in_order_under_the_body(client):
    article = make_article(body="<p>正文在这里。</p>")
    make_attachment(article, name="报名回执表.docx", data=files.docx_bytes(), position=2)
    make_attachment(article, name="会议通知.pdf", position=1, description="请于会前阅读")
    make_attachment(article, name="内部名单.pdf", position=3, is_public=False)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("正文在这里") < html.index("附件1")
    first, second = html.index("附件1"), html.index("附件2")
    assert first < html.index("会议通知.pdf") < second < html.index("报名回执表.docx")
    assert "附件3" not in html and "内部名单" not in html
    assert 'class="file-icon file-icon-pdf"' in html and 'class="file-icon file-icon-word"' in html
    assert "请于会前阅读" in html and "下载 0 次" in html
    assert re.search(r"\d+\.\d KB", html)


def test_an_article_without_attachments_shows_no_list(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "附件1" not in html and 'class="attachments"' not in html


@pytest.mark.parametrize(
    "size,shown", [(636, "0.6 KB"), (1, "0.1 KB"), (12_800, "12.5 KB"), (3_355_443, "3.2 MB")]
)
def test_sizes_are_shown_in_kb_or_mb(size, shown):
    assert Attachment(size=size).human_size == shown


def test_attachments_admin_lists_every_file(client):
    client.force_login(make_staff())
    make_attachment(make_article(title="通知甲"), name="甲.pdf")
    html = client.get(reverse("admin:news_attachment_changelist")).content.decode()
    assert "甲.pdf" in html and "通知甲" in html


def test_hostile_display_names_are_refused_or_kept_as_text(client):
    client.force_login(make_staff())
    article = make_article()
    data = inline_rows(article_form_data(article), {"通知.pdf": files.pdf_bytes()})
    data["attachments-0-name"] = "长" * 10_000
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 200 and "200" in response.content.decode()
    assert not article.attachments.exists()
    data = inline_rows(article_form_data(article), {"通知.pdf": files.pdf_bytes()})
    data["attachments-0-name"] = "😀<script>alert(1)</script>.pdf"
    client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "😀&lt;script&gt;" in html and "<script>alert" not in html


def test_attachment_files_are_not_served_under_media_without_nginx(client):
    # make serve and DEBUG let Django serve /media/; an attachment, public or not, must still
    # go out only through /attachment/<id>/, as the nginx front has it.
    hidden = make_attachment(make_article(), is_public=False)
    url = hidden.file.url
    assert url.startswith("/media/attachments/")
    assert client.get(url).status_code == 404
    assert client.get(url.replace("/media/", "/media/covers/../")).status_code == 404
    assert client.get(reverse("news:attachment-download", args=[hidden.pk])).status_code == 404
