from axes.models import AccessAttempt
from django.db import models


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


class LoginLock(AccessAttempt):
    """django-axes' failed-login record, shown to managers in Chinese so they can unlock."""

    class Meta:
        proxy = True
        ordering = ["-attempt_time"]
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"
