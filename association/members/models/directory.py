"""The member directory: levels and fields the editors keep, and the member companies."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from news.models import Image

# Provincial-level divisions, in the order of the national standard (GB/T 2260).
PROVINCES = [
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
    "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门",
    "台湾",
]  # fmt: skip
PROVINCE_CHOICES = [(name, name) for name in PROVINCES]


class MembershipLevel(models.Model):
    """副理事长单位, 常务理事单位, 理事单位, 会员单位 …: the directory is grouped by these."""

    name = models.CharField("级别名称", max_length=40, unique=True)
    position = models.PositiveIntegerField(
        "顺序", default=0, db_index=True, help_text="数字越小越靠前;名录按这个顺序分组。"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "会员级别"
        verbose_name_plural = "会员级别"

    def __str__(self):
        return self.name


class MembershipField(models.Model):
    """A field of the trade (膜材料, 工程公司 …) members are filed under."""

    name = models.CharField("领域名称", max_length=40, unique=True)
    position = models.PositiveIntegerField("顺序", default=0, help_text="数字越小越靠前。")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "业务领域"
        verbose_name_plural = "业务领域"

    def __str__(self):
        return self.name


class MemberQuerySet(models.QuerySet):
    def published(self):
        """Members a visitor may see: only those in good standing (正常)."""
        return self.filter(status=Member.Status.ACTIVE)


def unique_slug(model, text, pk=None):
    """A Chinese-friendly slug from text, made unique within model by a number at the end."""
    base = slugify(text, allow_unicode=True)[:70] or "member"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class Member(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        SUSPENDED = "suspended", "暂停"
        LEFT = "left", "退会"

    name = models.CharField("单位名称", max_length=100, unique=True, help_text="营业执照上的全称。")
    short_name = models.CharField(
        "简称", max_length=40, blank=True, help_text="如“蓝海膜业”;也用于在文章中找到这家单位。"
    )
    name_en = models.CharField("英文名称", max_length=200, blank=True)
    slug = models.SlugField(
        "网址标识", max_length=80, unique=True, allow_unicode=True, blank=True,
        help_text="会员页面网址中的一段;留空则按单位名称生成。",
    )  # fmt: skip
    level = models.ForeignKey(
        MembershipLevel, verbose_name="会员级别", on_delete=models.PROTECT, related_name="members"
    )
    joined_year = models.PositiveSmallIntegerField("入会年份", null=True, blank=True)
    province = models.CharField("省份", max_length=10, choices=PROVINCE_CHOICES)
    city = models.CharField("城市", max_length=40, blank=True)
    fields = models.ManyToManyField(
        MembershipField, verbose_name="业务领域", blank=True, related_name="members"
    )
    logo = models.ForeignKey(
        Image, verbose_name="单位标志", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="从图片库选择;也可在下方直接上传新标志。",
    )  # fmt: skip
    website = models.URLField("网站", blank=True)
    introduction = models.TextField("单位简介", blank=True)
    products = models.TextField("主要产品与服务", blank=True, help_text="每行一项。")
    # Public contact details, shown on the member page.
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    # Private: staff with the permission "查看会员联系人" only, never on a public page.
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    contact_title = models.CharField("联系人职务", max_length=40, blank=True)
    contact_mobile = models.CharField("联系人手机", max_length=30, blank=True)
    contact_email = models.EmailField("联系人邮箱", blank=True)
    private_note = models.TextField("内部备注", blank=True)
    code = models.CharField(
        "会员编号", max_length=20, blank=True,
        help_text="协会发给会员的编号(不公开);报名会议时填写它即按会员价收费。",
    )  # fmt: skip
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.ACTIVE,
        help_text="只有“正常”的会员单位在网站上显示。",
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = MemberQuerySet.as_manager()

    PRIVATE_FIELDS = (
        "contact_person", "contact_title", "contact_mobile", "contact_email", "private_note",
        "code",
    )  # fmt: skip

    class Meta:
        ordering = ["level__position", "name"]
        verbose_name = "会员单位"
        verbose_name_plural = "会员单位"
        permissions = [("view_private_contact", "可以查看会员联系人等非公开信息")]
        indexes = [
            models.Index(fields=["status", "level", "name"], name="member_status_level"),
            models.Index(fields=["status", "province"], name="member_status_province"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="member_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Member, self.name, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:member-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def product_list(self):
        return [line.strip() for line in self.products.splitlines() if line.strip()]

    def match_names(self):
        """The names an article may call this member by."""
        return [n for n in dict.fromkeys([self.name.strip(), self.short_name.strip()]) if n]
