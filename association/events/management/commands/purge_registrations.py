from django.conf import settings
from django.core.management.base import BaseCommand

from ...retention import purge_personal_data


class Command(BaseCommand):
    help = (
        "删除已结束超过 EVENTS_RETENTION_MONTHS 个月的活动中报名人的个人信息"
        "(姓名、手机、邮箱、发票、备注、附加问题、其他参会人员),保留单位、人数和费用统计。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计,不删除。")

    def handle(self, *args, dry_run=False, **options):
        count = purge_personal_data(dry_run=dry_run)
        months = settings.EVENTS_RETENTION_MONTHS
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {count} 条报名的个人信息(活动结束超过 {months} 个月)。")
