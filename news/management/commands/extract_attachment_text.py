from django.core.management.base import BaseCommand

from association.web.pagecache.version import bump_content_version
from news.extraction import extract_attachment
from news.models import Attachment


class Command(BaseCommand):
    help = (
        "提取附件(PDF、Word .docx、Excel .xlsx)中的文字并写入站内搜索索引;"
        "默认只处理尚未提取的附件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="重新提取全部附件")

    def handle(self, *args, **options):
        attachments = Attachment.objects.select_related("article").order_by("pk")
        if not options["all"]:
            attachments = attachments.filter(text_note="")
        done = with_text = 0
        for attachment in attachments.iterator(chunk_size=100):
            text, note = extract_attachment(attachment)
            done += 1
            with_text += bool(text)
            self.stdout.write(f"《{attachment.name}》:{note}")
        self.stdout.write(f"共处理 {done} 个附件,其中 {with_text} 个提取到文字。")
        if done:
            bump_content_version()
