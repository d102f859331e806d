from django.core.management.base import BaseCommand

from ...matching import match_all


class Command(BaseCommand):
    help = "在已发布的文章中查找提及各会员单位的文章(编辑移除过的匹配不会再加回来)。"

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"新找到 {match_all()} 条提及会员单位的文章。"))
