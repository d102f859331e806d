from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...backup import BackupError, create_backup


class Command(BaseCommand):
    help = "把整个网站(数据库全部内容和上传的媒体文件)备份成一个 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="备份文件路径;默认 backups/site-backup-日期-时间.tar.gz。",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "backups" / f"site-backup-{stamp}.tar.gz"
        try:
            manifest = create_backup(output)
        except (BackupError, OSError) as exc:
            raise CommandError(f"备份失败:{exc}") from exc
        rows = sum(manifest["models"].values())
        size = Path(output).stat().st_size / 1024 / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {output}({size:.1f} MB):{len(manifest['models'])} 张表共 {rows} 行,"
                f"媒体文件 {len(manifest['media'])} 个。"
            )
        )
        self.stdout.write("备份中含账号的密码散列,请像保管密码一样保管这个文件。")
