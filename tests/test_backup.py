"""Backup and restore: one archive brings back every row of every content model and the media."""

import io
import json
import shutil
import tarfile
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.utils import timezone
from PIL import Image

from association.site.models import SiteSettings
from association.web.backup import EXCLUDED, EXCLUDED_APPS, backed_up_models, flush_database
from news import rendering
from news.models import Article, HotTag

from .factories import (
    make_article,
    make_event,
    make_notice_reply,
    make_registration,
    make_section,
    make_staff,
)

pytestmark = pytest.mark.django_db
OUR_APPS = {
    c.label for c in apps.get_app_configs() if Path(c.path).is_relative_to(settings.BASE_DIR)
}


def png_bytes(color="red", size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()  # flush + restore made new content-type rows


def value_for(field):
    """A valid value for a required field, or None when the field needs nothing."""
    if field.primary_key or field.has_default() or field.null or not field.editable:
        return None
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        return field.related_model._base_manager.first()
    if isinstance(field, models.FileField):
        return ContentFile(png_bytes("blue"), name="generic.png")
    for kind, value in [
        (models.EmailField, "backup@example.org"),
        (models.URLField, "https://example.org/"),
        (models.SlugField, "backup-test"),
        (models.GenericIPAddressField, "192.0.2.1"),
        (models.CharField, "备份测试"),
        (models.TextField, "<p>备份测试</p>"),
        (models.DateTimeField, timezone.now()),
        (models.DateField, date.today()),
        (models.DecimalField, Decimal("1")),
        (models.BooleanField, False),
        (models.IntegerField, 1),
        (models.JSONField, {"backup": 1}),
    ]:
        if isinstance(field, kind):
            return value
    return None


def fill_empty_models():
    """Give every model of our apps still without rows one generic row, so none goes untested."""
    for model in backed_up_models():
        if model._meta.app_label not in OUR_APPS or model._base_manager.exists():
            continue
        obj = model()
        for field in model._meta.concrete_fields:
            value = value_for(field)
            if isinstance(field, models.FileField) and value is not None:
                getattr(obj, field.attname).save(value.name, value, save=False)
            elif value is not None:
                setattr(obj, field.attname if not field.is_relation else field.name, value)
        try:
            with transaction.atomic():
                obj.save()
        except Exception:  # noqa: S110 - the assertion below names the model instead
            pass


def make_site():
    """A site with some of everything: people, groups, sections, tagged articles, images."""
    chief = make_staff(username="chief", password="pw-for-tests-9")
    editor = make_staff(username="editor", superuser=False)
    group = Group.objects.create(name="备份测试组")
    group.permissions.set(Permission.objects.filter(codename__in=["add_article", "change_article"]))
    editor.groups.add(group)
    section = make_section(name="协会动态", slug="xhdt")
    cover = make_article(section, title="有封面的文章", tags=["膜技术", "水利行业"])
    cover.cover_image.save("cover.png", ContentFile(png_bytes()), save=True)
    cover.created_by = editor
    cover.save()
    rendering.refresh(cover.pk)  # its stored HTML, as the save's commit makes it on a site
    make_article(section, title="草稿", status=Article.Status.DRAFT, tags=["膜技术"])
    make_article(title="另一栏目", body="<h2>小标题</h2><p>正文<a href='https://a.cn'>链接</a></p>")
    HotTag.objects.create(tag=cover.tags.get(name="膜技术"), position=1)
    site = SiteSettings.load()
    site.address = "北京市海淀区"
    site.save()
    LogEntry.objects.log_actions(chief.pk, [cover], ADDITION, change_message="添加")
    # A question and a registration belong to an event or a notice's 回执, never both: the
    # generic rows below would set both, so these are made by hand.
    from association.events.models import Attendee, Question

    event = make_event()
    Question.objects.create(event=event, label="是否住宿")
    reply = make_notice_reply(article=cover, questions=[("参会形式", "text", "")])
    Attendee.objects.create(registration=make_registration(event), name="随行人员")
    make_registration(None, reply=reply)
    (Path(settings.MEDIA_ROOT) / "library").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "library" / "无主文件.webp").write_bytes(b"RIFF....WEBP")
    fill_empty_models()


def snapshot():
    """Every backed-up row, serialised with natural keys (ids of content types may differ)."""
    return {
        model._meta.label_lower: serializers.serialize(
            "python",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
        )
        for model in backed_up_models()
    }


def media_snapshot():
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def empty_everything():
    """What a new machine has: a migrated database with no content, and no media folder."""
    flush_database()
    shutil.rmtree(settings.MEDIA_ROOT)


def test_every_model_is_backed_up_unless_deliberately_left_out():
    labels = {m._meta.label_lower for m in backed_up_models()}
    assert {"news.article", "news.taggedarticle", "taggit.tag", "auth.user", "auth.group"} <= labels
    assert {"admin.logentry", "association.sitesettings", "news.hottag"} <= labels
    assert EXCLUDED_APPS == {"contenttypes", "sessions", "axes", "captcha"}
    assert EXCLUDED == {"auth.permission"}
    assert {"members.membershipapplication", "members.applicationdecision"} <= labels
    ours = {m._meta.label_lower for m in backed_up_models() if m._meta.app_label in OUR_APPS}
    assert ours and ours <= labels


def test_round_trip_into_an_empty_database_brings_everything_back(tmp_path, client):
    make_site()
    empty = [label for label, rows in snapshot().items()
             if label.split(".")[0] in OUR_APPS and not rows]  # fmt: skip
    assert empty == [], "give these models a row in make_site() so the round trip covers them"
    before, files = snapshot(), media_snapshot()
    assert any(name.startswith("covers/") for name in files)

    archive = tmp_path / "site.tar.gz"
    out = StringIO()
    call_command("backup_site", output=str(archive), stdout=out)
    assert "已备份到" in out.getvalue() and archive.stat().st_mode & 0o077 == 0
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["models"]["news.article"] == 3 and len(manifest["media"]) == len(files)

    empty_everything()
    assert not Article.objects.exists() and not Path(settings.MEDIA_ROOT).exists()
    out = StringIO()
    call_command("restore_site", str(archive), stdout=out)
    assert "文章 3 篇" in out.getvalue()

    assert snapshot() == before
    assert media_snapshot() == files
    restored = Article.objects.get(title="有封面的文章")
    assert restored.cover_image.width == 40 and restored.created_by.username == "editor"
    assert sorted(restored.tags.names()) == ["水利行业", "膜技术"]
    assert Group.objects.get(name="备份测试组").permissions.count() == 2
    # The restored account logs in with its old password; new rows get fresh ids.
    response = client.post("/admin/login/", {"username": "chief", "password": "pw-for-tests-9"})
    assert response.status_code == 302
    newest_pk = max(Article.objects.values_list("pk", flat=True))
    assert make_article(title="恢复后的新文章").pk > newest_pk


def test_restore_refuses_to_overwrite_a_site_in_use(tmp_path):
    make_article(title="备份里的文章")
    archive = tmp_path / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=StringIO())
    Article.objects.all().delete()
    make_article(title="今天新写的文章")
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore_site", str(archive), stdout=StringIO())
    assert list(Article.objects.values_list("title", flat=True)) == ["今天新写的文章"]
    call_command("restore_site", str(archive), replace=True, stdout=StringIO())
    assert list(Article.objects.values_list("title", flat=True)) == ["备份里的文章"]


def rewrite_archive(source, target, change):
    """Copy a backup, letting change(name, data) alter or drop (None) each member."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    "damage,message",
    [
        (lambda name, data: data + b" " if name.startswith("media/") else data, "校验失败"),
        (lambda name, data: data.replace(b"3", b"4") if name == "data.json" else data, "校验失败"),
        (lambda name, data: None if name.startswith("media/") else data, "与清单不符"),
        (lambda name, data: None if name == "manifest.json" else data, "缺少 manifest.json"),
    ],
)
def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path, damage, message):
    article = make_article(title="原有文章")
    article.cover_image.save("cover.png", ContentFile(png_bytes()), save=True)
    good, bad = tmp_path / "good.tar.gz", tmp_path / "bad.tar.gz"
    call_command("backup_site", output=str(good), stdout=StringIO())
    rewrite_archive(good, bad, damage)
    with pytest.raises(CommandError, match=message):
        call_command("restore_site", str(bad), replace=True, stdout=StringIO())
    assert Article.objects.get().title == "原有文章"


def test_paths_escaping_the_media_folder_are_refused(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        for name, data in [("manifest.json", b"{}"), ("data.json", b"[]"), ("media/../x", b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="不安全的文件路径"):
        call_command("restore_site", str(evil), stdout=StringIO())
    assert not (tmp_path / "x").exists()


def test_not_an_archive_gets_a_clear_message(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="不是有效的 .tar.gz 备份"):
        call_command("restore_site", str(junk), stdout=StringIO())
