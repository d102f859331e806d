"""附件: files an article carries (meeting notices, reply forms, draft standards).

The file is judged by its content (association.web.uploads) before it is stored, under a
generated name; the name visitors see is kept here, Chinese and all.
"""

import logging
import os

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from association.web.uploads import KIND_LABELS, KINDS, generated_name, judge_upload

from .articles import Article

log = logging.getLogger(__name__)

# What the document centre filters by and what the icon shows: one family for .doc and .docx.
FAMILIES = {
    "pdf": ("PDF", ("pdf",)),
    "word": ("Word", ("doc", "docx")),
    "excel": ("Excel", ("xls", "xlsx")),
    "ppt": ("PPT", ("ppt", "pptx")),
    "wps": ("WPS", ("wps", "et")),
    "archive": ("压缩包", ("zip", "rar", "7z")),
    "image": ("图片", ("image",)),
}
FAMILY_OF_KIND = {kind: family for family, (_, kinds) in FAMILIES.items() for kind in kinds}


def attachment_path(instance, filename):
    """attachments/2025/03/<random>.pdf: no uploader's name reaches the file system."""
    return f"attachments/{timezone.now():%Y/%m}/{generated_name(filename)}"


class AttachmentQuerySet(models.QuerySet):
    def published(self):
        """Public attachments of articles a visitor may see."""
        return self.filter(
            is_public=True,
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=timezone.now(),
            article__deleted_at__isnull=True,
        )


class Attachment(models.Model):
    # Written only by batched counts (news/downloads.py), never by a save.
    counter_fields = {"download_count"}

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        "文件", upload_to=attachment_path, max_length=200,
        help_text="PDF、Word、Excel、PowerPoint、WPS、ZIP/RAR/7z 或图片;按文件内容检查,"
        "改了扩展名的程序、网页和 SVG 不能上传。",
    )  # fmt: skip
    name = models.CharField(
        "显示名称", max_length=200, blank=True,
        help_text="访客看到和下载时的文件名;留空则用上传的文件名,如 会议通知.pdf。",
    )  # fmt: skip
    description = models.CharField("说明", max_length=300, blank=True)
    position = models.PositiveIntegerField("排序", default=0, help_text="数字越小越靠前。")
    is_public = models.BooleanField(
        "公开", default=True, help_text="取消后访客看不到也下载不了,下载中心也不列出。"
    )
    kind = models.CharField(
        "类型", max_length=10, editable=False, choices=[(k, KIND_LABELS[k]) for k in KINDS]
    )
    size = models.PositiveBigIntegerField("大小(字节)", default=0, editable=False)
    download_count = models.PositiveIntegerField("下载次数", default=0, editable=False)
    # Extracted for search (news/extraction.py); text_note says why a file gave none.
    text = models.TextField("提取的文字", blank=True, editable=False)
    text_note = models.CharField("文字提取说明", max_length=200, blank=True, editable=False)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"
        indexes = [
            models.Index(fields=["article", "position", "id"], name="attachment_article_idx"),
            models.Index(fields=["kind", "article"], name="attachment_kind_idx"),
        ]

    def __str__(self):
        return self.name or os.path.basename(self.file.name or "")

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # Judged here too: a file saved without a form must pass the same checks.
            self.kind = judge_upload(self.file, set(KINDS))
            self.size = self.file.size
            self.text, self.text_note = "", ""  # a new file: its text is read after the save
            if not self.name.strip():
                self.name = os.path.basename(self.file.name)[:200]
        self.name = self.name.strip()
        update_fields = kwargs.get("update_fields")
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # A batch of downloads written between this object's read and its save stays.
            kwargs["update_fields"] = [
                f.attname for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in self.counter_fields
            ]  # fmt: skip
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:attachment-download", kwargs={"pk": self.pk})

    def clean(self):
        if self.file and not self.file._committed:  # a new upload; stored files were judged
            try:
                judge_upload(self.file, set(KINDS))
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    @property
    def family(self):
        return FAMILY_OF_KIND.get(self.kind, "archive")

    @property
    def family_label(self):
        return FAMILIES[self.family][0]

    @property
    def extension(self):
        return os.path.splitext(self.file.name)[1].lower()

    @property
    def download_name(self):
        """The display name, with the file's extension if the editor left it out."""
        name = self.name or "附件"
        return name if name.lower().endswith(self.extension) else f"{name}{self.extension}"

    @property
    def human_size(self):
        """The size as the attachment list shows it: in KB below a megabyte, else in MB."""
        if self.size < 1024 * 1024:
            return f"{max(self.size / 1024, 0.1):.1f} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"


@receiver(post_delete, sender=Attachment, dispatch_uid="attachment-delete-file")
def delete_stored_file(sender, instance, **kwargs):
    """The file goes once the deletion is committed (a rolled-back delete keeps it)."""
    name, storage = instance.file.name, instance.file.storage
    if not name:
        return

    def remove():
        try:
            storage.delete(name)
        except OSError:
            log.warning("attachment file %s could not be deleted", name, exc_info=True)

    transaction.on_commit(remove)
