from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从 backup_site 生成的备份恢复整个网站:数据库内容和媒体文件。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件(.tar.gz)路径。")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="目标数据库已有内容时,清空并用备份替换(默认拒绝,以免覆盖现有工作)。",
        )

    def handle(self, *args, archive, replace=False, **options):
        try:
            manifest = restore_backup(archive, replace=replace)
        except BackupError as exc:
            raise CommandError(f"恢复失败:{exc}") from exc
        articles = manifest["models"].get("news.article", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {archive}(备份于 {manifest['created_at']})恢复:文章 {articles} 篇,"
                f"共 {sum(manifest['models'].values())} 行,媒体文件 {len(manifest['media'])} 个。"
            )
        )
