"""Attachment downloads: headers with the Chinese name, X-Accel-Redirect, S3, counted like views."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from news import downloads
from news.models import Attachment

from . import attachment_files as files
from .factories import make_article, make_attachment, make_staff

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36"


def get(client, attachment, **headers):
    headers.setdefault("User-Agent", BROWSER)
    return client.get(attachment.get_absolute_url(), headers=headers)


def test_download_sends_the_bytes_with_the_chinese_name_and_nosniff(client):
    attachment = make_attachment(make_article(), name="附件1 会议通知.pdf")
    response = get(client, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf_bytes()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('附件1 会议通知.pdf', safe='')}" in disposition
    assert 'filename="download.pdf"' in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name,fallback",
    [
        ("会议通知.pdf", 'filename="download.pdf"'),
        ("Notice 2025.pdf", 'filename="Notice_2025.pdf"'),
        ('a"b;c.pdf', 'filename="a_b_c.pdf"'),
    ],
)
def test_old_browsers_get_an_ascii_stand_in(name, fallback):
    assert fallback in downloads.content_disposition(name)


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("报名回执表.docx", files.docx_bytes(), "wordprocessingml"),
        ("费用.xlsx", files.xlsx_bytes(), "spreadsheetml"),
        ("照片.png", files.image_bytes(), "image/png"),
        ("资料.zip", files.zip_bytes(), "application/zip"),
    ],
)
def test_each_kind_gets_its_content_type_and_stays_a_download(client, name, data, content_type):
    attachment = make_attachment(make_article(), name=name, data=data)
    response = get(client, attachment)
    assert content_type in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == data


def test_behind_nginx_the_bytes_go_out_by_x_accel_redirect(client, settings):
    settings.ATTACHMENT_X_ACCEL_PREFIX = "/_attachments/"
    attachment = make_attachment(make_article(), name="会议通知.pdf")
    response = get(client, attachment)
    assert response["X-Accel-Redirect"] == f"/_attachments/{attachment.file.name}"
    assert response.content == b""
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_on_s3_the_visitor_is_sent_to_a_signed_url_naming_the_file(client, monkeypatch):
    from storages.backends.s3 import S3Storage

    storage = S3Storage(
        bucket_name="newsroom-media", access_key="test", secret_key="test-secret",
        region_name="us-east-1", querystring_auth=True, location="media",
    )  # fmt: skip
    attachment = make_attachment(make_article(), name="标准草案.pdf")
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    attachment = Attachment.objects.get(pk=attachment.pk)  # its file now on "S3"
    response = get(client, attachment)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    query = parse_qs(target.query)
    assert target.path.endswith(f"/media/{attachment.file.name}")
    assert "filename*=UTF-8''" in query["response-content-disposition"][0]
    assert query["response-content-type"] == ["application/pdf"]


def test_downloads_are_counted_in_batches_and_bots_are_not(client):
    attachment = make_attachment(make_article())
    for _ in range(3):
        get(client, attachment)
    get(client, attachment, **{"User-Agent": "Baiduspider/2.0"})
    get(client, attachment, **{"User-Agent": ""})
    client.head(attachment.get_absolute_url(), headers={"User-Agent": BROWSER})
    get(client, attachment, Range="bytes=100-")  # the rest of a resumed download
    assert downloads.downloads.pending() == {attachment.pk: 3}
    attachment.refresh_from_db()
    assert attachment.download_count == 0  # no database write per download
    assert downloads.flush_download_counts() == 3
    attachment.refresh_from_db()
    assert attachment.download_count == 3


def test_a_save_never_writes_an_old_count_back(client):
    attachment = make_attachment(make_article())
    stale = Attachment.objects.get(pk=attachment.pk)
    get(client, attachment)
    downloads.flush_download_counts()
    stale.description = "编辑改了说明"
    stale.save()
    attachment.refresh_from_db()
    assert (attachment.download_count, attachment.description) == (1, "编辑改了说明")


def test_a_failed_flush_keeps_the_counts(client, monkeypatch):
    attachment = make_attachment(make_article())
    get(client, attachment)

    def broken(counts):
        raise RuntimeError("database away")

    monkeypatch.setattr(downloads.downloads, "write", broken)
    with pytest.raises(RuntimeError):
        downloads.flush_download_counts()
    assert downloads.downloads.pending() == {attachment.pk: 1}


def test_the_flush_command_writes_downloads_too(client, capsys):
    from django.core.management import call_command

    attachment = make_attachment(make_article())
    get(client, attachment)
    call_command("flush_view_counts")
    assert "1 次下载" in capsys.readouterr().out
    attachment.refresh_from_db()
    assert attachment.download_count == 1


@pytest.mark.parametrize(
    "article_fields,attachment_fields",
    [
        ({"status": "draft"}, {}),
        ({"published_at": timezone.now() + timezone.timedelta(days=1)}, {}),
        ({"deleted_at": timezone.now()}, {}),
        ({}, {"is_public": False}),
    ],
)
def test_hidden_files_are_not_found_by_visitors_but_staff_get_them(
    client, article_fields, attachment_fields
):
    attachment = make_attachment(make_article(**article_fields), **attachment_fields)
    assert get(client, attachment).status_code == 404
    assert downloads.downloads.pending() == {}
    client.force_login(make_staff())
    assert get(client, attachment).status_code == 200


@pytest.mark.parametrize("pk", ["0", "99999", str(2**63), "9" * 40])
def test_unknown_ids_are_not_found(client, pk):
    assert client.get(f"/attachment/{pk}/").status_code == 404


def test_a_missing_file_is_not_found_not_an_error(client):
    attachment = make_attachment(make_article())
    attachment.file.storage.delete(attachment.file.name)
    assert get(client, attachment).status_code == 404


def test_downloads_are_never_page_cached(client):
    attachment = make_attachment(make_article())
    get(client, attachment)
    response = get(client, attachment)
    assert response.get("X-Page-Cache") != "hit"
    assert downloads.downloads.pending() == {attachment.pk: 2}
    assert (
        reverse("news:attachment-download", args=[attachment.pk]) == f"/attachment/{attachment.pk}/"
    )
