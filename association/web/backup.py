"""Whole-site backup: the database contents and the uploaded media in one .tar.gz.

The archive holds manifest.json (format, row counts, applied migrations, a SHA-256 of every
file), data.json (Django's dumpdata of every content model, natural foreign keys), media/ and
private/ (PRIVATE_MEDIA_ROOT: documents no web server serves, such as applicants' uploads).
Every installed model is backed up unless listed in EXCLUDED, so models added later are
included without anyone remembering to.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from datetime import datetime, time
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "association-newsroom-backup"
VERSION = 1
MANIFEST, DATA = "manifest.json", "data.json"
# Rebuilt by migrate (content types, permissions) or worthless after a restore (sessions,
# login-attempt counters, CAPTCHA challenges).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes", "captcha"}
EXCLUDED = {"auth.permission"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be made or restored; str() is a message for the operator."""


def backed_up_models():
    """Every concrete, migrated model whose rows are the site's content."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED
    ]


class FullPrecisionEncoder(DjangoJSONEncoder):
    """dumpdata's encoder cuts times to milliseconds; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, (datetime, time)):
            return o.isoformat()
        return super().default(o)


def _all_rows(models, using):
    """Every row of the models, referenced rows' models first, in primary-key order."""
    by_app = {}
    for model in models:
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    for model in serializers.sort_dependencies(by_app.items(), allow_cycles=True):
        # The base manager: rows a default manager hides (a recycle bin, say) are content too.
        yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator()


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _applied_migrations(connection):
    applied = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def create_backup(output, using=DEFAULT_DB_ALIAS):
    """Write the archive to output (a path) and return its manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    models = backed_up_models()
    with tempfile.TemporaryDirectory(prefix="site-backup-") as work:
        data_path = Path(work) / DATA
        # One transaction, so the dump is a consistent picture while editors keep working.
        outermost = not connection.in_atomic_block  # else a caller's transaction decides
        with transaction.atomic(using=using):
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = {m._meta.label_lower: m._base_manager.using(using).count() for m in models}
            with open(data_path, "w", encoding="utf-8") as stream:
                serializers.serialize(
                    "json",
                    _all_rows(models, using),
                    use_natural_foreign_keys=True,
                    stream=stream,
                    cls=FullPrecisionEncoder,
                )
            migrations = _applied_migrations(connection)

        roots = _file_roots()
        files = {
            folder: [
                {
                    "path": path.relative_to(root).as_posix(),
                    "size": path.stat().st_size,
                    "sha256": _sha256_file(path),
                }
                for path in _media_files(root)
            ]
            for folder, root in roots.items()
        }
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": migrations,
            "models": counts,
            "data": {
                "path": DATA,
                "size": data_path.stat().st_size,
                "sha256": _sha256_file(data_path),
            },
            "media": files["media"],
            "private": files["private"],
        }
        partial = output.with_name(output.name + ".partial")
        # The archive holds password hashes: readable by its owner only.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            blob = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(blob), int(datetime.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(blob))
            archive.add(data_path, arcname=DATA, recursive=False)
            for folder, entries in files.items():
                for entry in entries:
                    archive.add(roots[folder] / entry["path"], arcname=f"{folder}/{entry['path']}")
        os.replace(partial, output)
    return manifest


def _file_roots():
    """Archive folder -> the directory its files come from and go back to."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def _safe_media_path(name):
    """Return the path under media/ or private/ of an archive member, or None if unsafe."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or len(path.parts) < 2:
        return None
    if path.parts[0] not in ("media", "private"):
        return None
    return PurePosixPath(*path.parts[1:])


def read_backup(archive_path, into):
    """Unpack and check the archive into the folder `into`; return its manifest.

    Every member is checked against the manifest before anything touches the database.
    """
    try:
        archive = tarfile.open(archive_path, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            f"无法读取备份文件 {archive_path}:不是有效的 .tar.gz 备份({exc})。"
        ) from exc
    into = Path(into)
    with archive:
        try:
            members = archive.getmembers()
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise BackupError(f"备份文件已损坏或不完整:{exc}") from exc
        names = {m.name for m in members}
        if MANIFEST not in names or DATA not in names:
            raise BackupError("备份文件缺少 manifest.json 或 data.json,不是本网站的备份。")
        for member in members:
            if not member.isfile():
                raise BackupError(f"备份中有不允许的条目(链接或设备文件):{member.name}")
            if member.name not in (MANIFEST, DATA) and _safe_media_path(member.name) is None:
                raise BackupError(f"备份中有不安全的文件路径:{member.name}")
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except ValueError as exc:
            raise BackupError("备份中的 manifest.json 无法解析。") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError("这不是本网站的备份文件(manifest 格式不符)。")
        if manifest.get("version") != VERSION:
            raise BackupError(
                f"备份格式版本 {manifest.get('version')} 与本程序(版本 {VERSION})不符,无法恢复。"
            )

        expected = {DATA: manifest["data"]["sha256"]}
        for folder in ("media", "private"):
            expected |= {f"{folder}/{m['path']}": m["sha256"] for m in manifest.get(folder, [])}
        missing = sorted(set(expected) - names)
        extra = sorted(names - set(expected) - {MANIFEST})
        if missing or extra:
            raise BackupError(f"备份内容与清单不符:缺少 {missing[:5]},多出 {extra[:5]}。")
        for member in members:
            if member.name == MANIFEST:
                continue
            target = into / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.extractfile(member) as source, open(target, "wb") as sink:
                for chunk in iter(lambda src=source: src.read(CHUNK), b""):
                    digest.update(chunk)
                    sink.write(chunk)
            if digest.hexdigest() != expected[member.name]:
                raise BackupError(f"文件校验失败,备份已损坏或被改动:{member.name}")
    return manifest


def _check_migrations(manifest, connection):
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(archived - known)
    if unknown:
        shown = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"备份来自更新版本的程序(有本程序没有的迁移:{shown}),请先升级程序再恢复。"
        )


def database_in_use(using=DEFAULT_DB_ALIAS):
    """True when someone's work is already here: user accounts or articles."""
    article = apps.get_model("news", "Article")
    return (
        get_user_model()._base_manager.using(using).exists()
        or article._base_manager.using(using).exists()
    )


def flush_database(using=DEFAULT_DB_ALIAS):
    """Empty every table, leaving what migrate makes: content types and permissions."""
    connection = connections[using]
    deferred = connection.vendor == "postgresql" and connection.in_atomic_block
    if deferred:
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, database=using, verbosity=0)
    if deferred:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # loaddata relies on deferred checks
    ContentType.objects.clear_cache()


def restore_backup(archive_path, replace=False, using=DEFAULT_DB_ALIAS):
    """Load the archive into the database (emptied first), MEDIA_ROOT and PRIVATE_MEDIA_ROOT;
    return its manifest."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="site-restore-") as work:
        manifest = read_backup(archive_path, work)
        _check_migrations(manifest, connection)
        call_command("migrate", interactive=False, database=using, verbosity=0)
        if database_in_use(using) and not replace:
            raise BackupError(
                "目标数据库里已有账号或文章。恢复会清空并替换全部内容;"
                "确认要这样做,请加上 --replace 再运行。"
            )
        with transaction.atomic(using=using):
            flush_database(using)
            call_command("loaddata", str(Path(work) / DATA), database=using, verbosity=0)

        for folder, root in _file_roots().items():
            for entry in manifest.get(folder, []):
                source = Path(work) / folder / entry["path"]
                target = root / entry["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    return manifest
