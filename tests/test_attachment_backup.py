"""Backup and restore carry the attachments: their rows, their files and their text."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from association.web.backup import flush_database
from news.models import Attachment

from . import attachment_files as files
from .factories import make_article, make_attachment
from .search_helpers import titles

pytestmark = pytest.mark.django_db


def test_attachments_and_their_text_survive_a_round_trip(
    tmp_path, client, django_capture_on_commit_callbacks
):
    article = make_article(title="关于征求标准意见的通知")
    with django_capture_on_commit_callbacks(execute=True):
        pdf = make_attachment(
            article, name="征求意见稿.pdf", data=files.pdf_bytes("正渗透膜标准草案")
        )
        form = make_attachment(
            article, name="意见反馈表.docx", data=files.docx_bytes("反馈意见"), position=2,
            description="请填写后回传",
        )  # fmt: skip
    before = {
        a.pk: (a.name, a.file.name, a.kind, a.size, a.text, a.description)
        for a in Attachment.objects.all()
    }
    assert "正渗透膜标准草案" in before[pdf.pk][4]
    archive = tmp_path / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=StringIO())

    flush_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    call_command("restore_site", str(archive), stdout=StringIO())

    after = {
        a.pk: (a.name, a.file.name, a.kind, a.size, a.text, a.description)
        for a in Attachment.objects.all()
    }
    assert after == before
    for attachment, data in ((pdf, files.pdf_bytes("正渗透膜标准草案")), (form, None)):
        restored = Path(settings.MEDIA_ROOT) / attachment.file.name
        assert restored.is_file()
        if data is not None:
            assert restored.read_bytes() == data
    assert titles("正渗透膜") == ["关于征求标准意见的通知"]  # the text is searchable again
    response = client.get(pdf.get_absolute_url(), headers={"User-Agent": "Mozilla/5.0"})
    assert b"".join(response.streaming_content) == files.pdf_bytes("正渗透膜标准草案")
