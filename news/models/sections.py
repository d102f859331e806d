import re

from django.db import models
from django.urls import reverse

from .paths import filled_reverse

_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # nothing reverse() would quote


def section_path(slug):
    """A section's address (reverse() once per script prefix, then filled in)."""
    if not _PLAIN_SLUG.fullmatch(slug or ""):
        return reverse("news:section-detail", kwargs={"slug": slug})
    return filled_reverse("news:section-detail", "slug", slug, "section-slug-marker")


class Section(models.Model):
    """A 栏目 such as 协会动态 / Association Dynamic."""

    name = models.CharField(
        "栏目名称", max_length=50, unique=True, help_text="中文名称,如 协会动态。"
    )
    name_en = models.CharField(
        "英文名称",
        max_length=100,
        blank=True,
        help_text="如 Association Dynamic,显示在中文名称下方。",
    )
    slug = models.SlugField(
        "网址标识",
        max_length=50,
        unique=True,
        allow_unicode=True,
        help_text="栏目网址中的一段,可用拼音缩写(如 xhdt)或中文;只能含字母、数字、汉字、横线。",
    )
    description = models.TextField("栏目简介", blank=True)
    position = models.PositiveIntegerField("导航顺序", default=0, help_text="数字越小越靠前。")
    show_in_nav = models.BooleanField("显示在导航中", default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return section_path(self.slug)
