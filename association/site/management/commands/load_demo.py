from django.core.management.base import BaseCommand
from django.db import transaction

from association.events.demo import load_events, load_replies
from association.members.demo import load_members
from news.demo import data
from news.demo.loader import load_news
from news.models import Article

from ...demo import load_pages
from ...models import SiteSettings


class Command(BaseCommand):
    help = (
        "载入演示内容(网站设置、栏目、示例文章、热门标签、协会页面、会员单位、会议活动、通知回执);"
        "重复运行不会产生重复数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="只在还没有任何文章时载入(make run 用它,不会改动已有内容)。",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("数据库中已有文章,跳过演示内容。")
            return
        site = SiteSettings.load()
        if not site.address:  # only fill a settings row nobody has edited
            for field, value in data.SITE.items():
                setattr(site, field, value)
            site.save()

        created = load_news()
        pages = load_pages()
        members = load_members()
        events = load_events()
        replies = load_replies()
        self.stdout.write(
            self.style.SUCCESS(
                f"演示内容已就绪:新建文章 {created} 篇,协会页面 {pages} 个,"
                f"会员单位 {members} 家,会议活动 {events} 个,通知回执 {replies} 个。"
            )
        )
