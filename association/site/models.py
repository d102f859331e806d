from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.urls import reverse

from news.sanitize import clean_html, make_summary


class SiteSettings(models.Model):
    """The association's own details, one row, edited in the admin."""

    name = models.CharField("协会名称", max_length=100, default="中国膜工业协会")
    name_en = models.CharField(
        "英文名称", max_length=200, blank=True, default="China Membrane Industry Association"
    )
    welcome_text = models.CharField(
        "欢迎语",
        max_length=200,
        default="欢迎访问中国膜工业协会官方网站!",
        help_text="显示在每个页面顶部的一句话。",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=20, blank=True)
    phone = models.CharField("电话", max_length=100, blank=True)
    fax = models.CharField("传真", max_length=100, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    icp_number = models.CharField(
        "ICP备案号", max_length=100, blank=True, help_text="例如 京ICP备12345678号,显示在页脚。"
    )
    icp_url = models.URLField(
        "备案查询网址",
        default="https://beian.miit.gov.cn/",
        help_text="页脚备案号链接到的网址,一般不用修改。",
    )
    copyright_text = models.CharField(
        "版权声明", max_length=200, blank=True, help_text="留空则显示“版权所有 © 年份 协会名称”。"
    )
    description = models.TextField(
        "网站简介", blank=True, help_text="搜索引擎和分享卡片中显示的网站介绍。"
    )

    class Meta:
        verbose_name = "网站设置"
        verbose_name_plural = "网站设置"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # one row only
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """Return the settings row, creating it with the defaults on first use."""
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    """One of the association's own pages (协会简介, 组织机构, ...), written by editors."""

    class Placement(models.TextChoices):
        NAV = "nav", "导航栏"
        FOOTER = "footer", "页脚"
        BOTH = "both", "导航栏和页脚"
        NONE = "none", "不显示链接(只能通过网址访问)"

    title = models.CharField("标题", max_length=100, help_text="如 协会简介、联系我们。")
    slug = models.SlugField(
        "网址标识",
        max_length=50,
        unique=True,
        allow_unicode=True,
        help_text="页面网址中的一段,如 about 或 xhjj;只能含字母、数字、汉字、横线。",
    )
    body = models.TextField(
        "正文", blank=True, help_text="可粘贴带格式的文字;保存时会自动清除脚本等不安全内容。"
    )
    description = models.CharField(
        "页面简介",
        max_length=200,
        blank=True,
        help_text="搜索引擎和分享卡片中显示的一句话;留空则自动取正文开头。",
    )
    placement = models.CharField(
        "链接位置",
        max_length=10,
        choices=Placement.choices,
        default=Placement.NAV,
        help_text="这个页面的链接显示在网站的哪里。",
    )
    position = models.PositiveIntegerField("顺序", default=0, help_text="数字越小越靠前。")
    is_published = models.BooleanField("公开", default=True, help_text="取消勾选则访客看不到。")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "协会页面"
        verbose_name_plural = "协会页面"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if not self.description.strip():
            self.description = make_summary(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("association:page-detail", kwargs={"slug": self.slug})

    @property
    def in_nav(self):
        return self.placement in (self.Placement.NAV, self.Placement.BOTH)

    @property
    def in_footer(self):
        return self.placement in (self.Placement.FOOTER, self.Placement.BOTH)


def linked_pages():
    """The association's public pages that are linked from the navigation or the footer."""
    return list(
        Page.objects.published()
        .exclude(placement=Page.Placement.NONE)
        .only("title", "slug", "placement", "position")
    )


class LoginLock(AccessAttempt):
    """django-axes' failed-login record, shown to managers in Chinese so they can unlock."""

    class Meta:
        proxy = True
        ordering = ["-attempt_time"]
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"
