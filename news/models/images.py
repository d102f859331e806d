"""The media library: images editors upload once and use as covers or inside article bodies.

Every image enters through news.imaging.check_image (judged by content, EXIF dropped) and gets
renditions in the widths the templates ask for: WebP plus a JPEG (or PNG, if transparent)
fallback, so pages can serve <picture> with srcset.
"""

import io
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from ..imaging import check_image

# Widths of the renditions; the body column is at most ~800 CSS px, so 1280 covers 1.6x screens.
RENDITION_WIDTHS = (320, 640, 960, 1280)
# The largest side kept of an upload: enough for any page, and keeps the library's disk use sane.
MAX_STORED_SIDE = 2560
RENDITION_DIR = "images/r"


def upload_path(instance, filename):
    # Our own name, never the uploader's: the extension comes from the checked content.
    when = instance.created_at or timezone.now()  # not set yet when the file is saved first
    return f"images/{when:%Y/%m}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix}"


class Image(models.Model):
    title = models.CharField(
        "标题", max_length=200, blank=True, help_text="便于在图片库中查找;留空则用文件名。"
    )
    alt_text = models.CharField(
        "替代文字",
        max_length=200,
        blank=True,
        help_text="描述图片内容,供读屏软件朗读、图片加载失败时显示,如“膜组件生产车间”。",
    )
    file = models.FileField("图片文件", upload_to=upload_path, max_length=200)
    width = models.PositiveIntegerField("宽度", default=0, editable=False)
    height = models.PositiveIntegerField("高度", default=0, editable=False)
    format = models.CharField("格式", max_length=10, editable=False)
    file_size = models.PositiveIntegerField("文件大小", default=0, editable=False)
    renditions = models.JSONField("缩放版本", default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "图片"
        verbose_name_plural = "图片库"

    def __str__(self):
        return self.title or f"图片 {self.pk}"

    def get_admin_url(self):
        return reverse("admin:news_image_change", args=[self.pk])

    def store(self, data, filename="image"):
        """Check data, keep the cleaned image as this record's file, then make the renditions.

        Raises news.imaging.ImageRejected (message in Chinese) if data is not acceptable.
        """
        return self.store_checked(check_image(data, max_side=MAX_STORED_SIDE), filename)

    def store_checked(self, checked, filename="image"):
        """Keep an image that news.imaging.check_image accepted, and make its renditions."""
        if not self.title:
            self.title = PurePosixPath(filename).stem[:200]
        if self.created_at is None:
            self.created_at = timezone.now()  # upload_path needs it before the first save
        old_name = self.file.name if self.pk else None
        self.width, self.height = checked.width, checked.height
        self.format, self.file_size = checked.format, len(checked.content)
        self.file.save(f"x.{checked.extension}", ContentFile(checked.content), save=False)
        self.save()
        if old_name and old_name != self.file.name:
            self.file.storage.delete(old_name)
        self.make_renditions(checked.content)
        return self

    def make_renditions(self, content=None):
        """Write WebP and fallback versions at each rendition width not above the original."""
        self.delete_renditions()
        if self.format == "GIF":
            # Resizing would drop the animation; pages get the original.
            self.renditions = {}
            self.save(update_fields=["renditions"])
            return
        if content is None:
            with self.file.open("rb") as f:
                content = f.read()
        source = PILImage.open(io.BytesIO(content))
        source.load()
        transparent = source.mode in ("RGBA", "LA", "PA") or (
            source.mode == "P" and "transparency" in source.info
        )
        fallback = "png" if transparent else "jpg"
        source = source.convert("RGBA" if transparent else "RGB")
        widths = sorted({w for w in RENDITION_WIDTHS if w < source.width} | {
            min(source.width, RENDITION_WIDTHS[-1])
        })  # fmt: skip
        storage = self.file.storage
        for width in widths:
            height = max(1, round(source.height * width / source.width))
            resized = source.resize((width, height), PILImage.Resampling.LANCZOS)
            for fmt in ("webp", fallback):
                out = io.BytesIO()
                if fmt == "webp":
                    resized.save(out, "WEBP", quality=80, method=4)
                elif fmt == "jpg":
                    resized.save(out, "JPEG", quality=82, optimize=True, progressive=True)
                else:
                    resized.save(out, "PNG", optimize=True)
                storage.save(self._rendition_name(width, fmt), ContentFile(out.getvalue()))
        self.renditions = {"widths": widths, "fallback": fallback}
        self.save(update_fields=["renditions"])

    def delete_renditions(self):
        storage = self.file.storage
        for width in self.renditions.get("widths", []):
            for fmt in ("webp", self.renditions.get("fallback", "jpg")):
                storage.delete(self._rendition_name(width, fmt))

    def _rendition_name(self, width, fmt):
        return f"{RENDITION_DIR}/{self.pk}/{width}.{fmt}"

    def rendition_url(self, width, fmt=None):
        return self.file.storage.url(
            self._rendition_name(width, fmt or self.renditions.get("fallback", "jpg"))
        )

    @property
    def rendition_widths(self):
        return self.renditions.get("widths", [])

    def srcset(self, fmt=None):
        return ", ".join(f"{self.rendition_url(w, fmt)} {w}w" for w in self.rendition_widths)

    @property
    def display_url(self):
        """The URL to put in an article body: the largest fallback rendition, or the original."""
        if self.rendition_widths:
            return self.rendition_url(self.rendition_widths[-1])
        return self.file.url

    def thumbnail_url(self):
        return (
            self.rendition_url(self.rendition_widths[0]) if self.rendition_widths else self.file.url
        )

    def size_for_width(self, width):
        """The (width, height) of the image scaled to width, for layout-stable <img> tags."""
        if not self.width:
            return None, None
        width = min(width, self.width)
        return width, max(1, round(self.height * width / self.width))


@receiver(post_delete, sender=Image)
def _delete_files(sender, instance, **kwargs):
    instance.delete_renditions()
    if instance.file:
        instance.file.storage.delete(instance.file.name)
