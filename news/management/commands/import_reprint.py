import json
import time
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from news.models import Section
from news.reprint import ReprintError, pipeline

EXTENSIONS = {".txt", ".html", ".htm", ".docx"}
MAX_FILE_BYTES = 20 * 1024 * 1024
PROGRESS_EVERY = 2.0  # seconds between progress lines
BATCH = 200  # files per database transaction
JSON_KEYS = ("title", "source", "author", "published", "lead_attribution", "headings", "paragraphs")


class Command(BaseCommand):
    help = (
        "导入转载文章:读取 .txt、.html、.docx 文件(或文件夹),识别标题、来源、作者、时间与正文,"
        "保存为草稿。重复的文章(原文链接、标题+来源或正文相同)会跳过。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="文件或文件夹(文件夹内的文件逐个导入)")
        parser.add_argument("--section", help="栏目的网址标识或名称,如 xhdt 或 协会动态")
        parser.add_argument("--publish", action="store_true", help="直接发布,而不是保存为草稿")
        parser.add_argument("--dry-run", action="store_true", help="只识别和查重,不写入数据库")
        parser.add_argument(
            "--json",
            action="store_true",
            help="每个文件输出一行 JSON(识别结果),不读写数据库",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.as_json = options["json"]
        self.dry_run = options["dry_run"] or self.as_json
        files, missing = collect_files(options["paths"])
        section = None if self.dry_run else self._section(options["section"])
        counts = {"imported": 0, "duplicates": 0, "failed": len(missing)}
        for path in missing:
            self._report(path, error=f"找不到文件或文件夹:{path}")

        started = last_progress = time.monotonic()
        for first in range(0, len(files), BATCH):
            # One commit per batch (each file still has its own savepoint): far fewer disk syncs.
            with nullcontext() if self.dry_run else transaction.atomic():
                for number, path in enumerate(files[first : first + BATCH], first + 1):
                    outcome = self._import_one(path, section, options["publish"])
                    counts[outcome] += 1
                    now = time.monotonic()
                    if len(files) > 20 and (
                        now - last_progress >= PROGRESS_EVERY or number == len(files)
                    ):
                        last_progress = now
                        rate = number / max(now - started, 1e-6)
                        self.stderr.write(f"进度:{number}/{len(files)}(每秒 {rate:.0f} 个文件)")

        verb = "可导入" if self.dry_run else "已导入"
        summary = (
            f"{verb} {counts['imported']} 篇,跳过重复 {counts['duplicates']} 篇,"
            f"失败 {counts['failed']} 个(共 {len(files) + len(missing)} 个文件)。"
        )
        (self.stderr if self.as_json else self.stdout).write(summary)

    def _section(self, value):
        if not value:
            raise CommandError(f"请用 --section 指定栏目。可选:{_section_list()}")
        section = (
            Section.objects.filter(slug=value).first() or Section.objects.filter(name=value).first()
        )
        if section is None:
            raise CommandError(f"没有栏目“{value}”。可选:{_section_list()}")
        return section

    def _report(self, path, parsed=None, error="", status=""):
        if self.as_json:
            record = {"file": str(path)}
            empty = {k: ([] if k in ("headings", "paragraphs") else None) for k in JSON_KEYS}
            record.update(parsed.as_dict() if parsed else empty)
            if error:
                record["error"] = error
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        elif error:
            self.stderr.write(f"失败 {path}:{error}")
        elif self.verbosity > 1:  # -v 2 lists every file; failures are always listed
            self.stdout.write(f"{status} {path}")

    def _import_one(self, path, section, publish):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ReprintError("文件太大(超过 20 MB)。")
            parsed = pipeline.read(path.read_bytes(), filename=path.name)
        except ReprintError as exc:
            self._report(path, error=str(exc))
            return "failed"
        except OSError as exc:
            self._report(path, error=f"无法读取文件({exc.strerror or exc})。")
            return "failed"
        if self.as_json:
            self._report(path, parsed)
            return "imported"
        if not parsed.title or not parsed.paragraphs:
            self._report(path, error="没有识别出标题或正文,未导入。")
            return "failed"

        fields = pipeline.article_fields(parsed)
        duplicates = pipeline.duplicates(fields, limit=1, load_articles=False)
        if duplicates:
            dup = duplicates[0]
            reasons = "、".join(dup.reasons)
            self._report(path, status=f"跳过(与文章 #{dup.pk} {reasons})")
            return "duplicates"
        if self.dry_run:
            self._report(path, status="可导入")
            return "imported"

        pipeline.localise(parsed, base_dir=path.parent)
        for note in parsed.notes:
            self.stderr.write(f"提示 {path}:{note}")
        try:
            # After localising: the body now points at the library's copies of the images.
            fields = pipeline.article_fields(parsed)
            pipeline.save(fields, user=None, section=section, publish=publish)
        except DatabaseError as exc:
            self._report(path, error=f"保存失败:{exc}")
            return "failed"
        self._report(path, status="已导入")
        return "imported"


def collect_files(paths):
    """Return (files to import in a stable order, paths that do not exist)."""
    files, missing, seen = [], [], set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
        elif path.is_file():
            found = [path]
        else:
            missing.append(path)
            continue
        for p in found:
            if p.resolve() not in seen:
                seen.add(p.resolve())
                files.append(p)
    return files, missing


def _wanted(path):
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith((".", "~$"))


def _section_list():
    sections = Section.objects.values_list("slug", "name")
    return "、".join(f"{slug}({name})" for slug, name in sections) or "(还没有栏目)"
