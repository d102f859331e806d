from django.core.management.base import BaseCommand

from news import rendering
from news.models import Article


class Command(BaseCommand):
    help = "生成并保存所有已发布文章的页面 HTML(部署新模板或代码后运行;已是最新的跳过,可重复运行)。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="已是最新的也重新生成。")

    def handle(self, *args, force=False, **options):
        ids = Article.objects.published().order_by("-published_at", "-id")
        ids = list(ids.values_list("pk", flat=True))
        done = sum(1 for pk in ids if rendering.refresh(pk, force=force))
        self.stdout.write(f"已生成 {done} 篇,{len(ids) - done} 篇已是最新(共 {len(ids)} 篇)。")
