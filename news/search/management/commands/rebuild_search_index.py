from django.core.management.base import BaseCommand

from news.search.indexing import rebuild
from news.search.text import reload_dictionary


class Command(BaseCommand):
    help = "重建站内搜索索引(全部文章重新分词);文章很多时会显示进度。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="每批处理的文章数(默认 1000)。"
        )

    def handle(self, *args, batch_size=1000, **options):
        reload_dictionary()
        quiet = options["verbosity"] == 0
        count, seconds = rebuild(
            batch_size=max(1, batch_size), out=None if quiet else self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(f"搜索索引已重建:{count} 篇文章,用时 {seconds:.1f} 秒。")
        )
