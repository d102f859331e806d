from django.core.management.base import BaseCommand

from news.counting import flush_view_counts, views
from news.downloads import flush_download_counts
from news.search.hot import flush_search_counts


class Command(BaseCommand):
    help = "把缓存中累计的文章浏览次数和搜索次数批量写入数据库(使用 Redis 缓存时可由定时任务运行)。"

    def handle(self, *args, **options):
        written = flush_view_counts(wait=True)
        where = "Redis" if views.counter().shared else "本进程内存"
        searches = flush_search_counts(wait=True)
        downloads = flush_download_counts(wait=True)
        self.stdout.write(
            f"已写入 {written} 次浏览、{searches} 次搜索、{downloads} 次下载(计数来源:{where})。"
        )
        if not views.counter().shared:
            self.stdout.write(
                "提示:未使用 Redis 时,计数保存在各 gunicorn 工作进程中,由它们定时及退出时写入。"
            )
