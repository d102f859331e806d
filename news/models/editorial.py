"""What the editorial workflow keeps: the audit trail, the recycle bin's view, sensitive words
and article revisions (the rules that use them are news/workflow.py and news/revisions.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .articles import Article


class AuditEntry(models.Model):
    affects_public_pages = False  # editors' records: no page shows them

    class Action(models.TextChoices):
        PUBLISH = "publish", "发布"
        WITHDRAW = "withdraw", "下线"
        DELETE = "delete", "删除(移入回收站)"
        RESTORE = "restore", "从回收站恢复"
        ATTACH = "attach", "上传附件"
        DETACH = "detach", "删除附件"

    action = models.CharField("操作", max_length=20, choices=Action.choices)
    article = models.ForeignKey(
        Article, verbose_name="文章", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="audit_entries",
    )  # fmt: skip
    article_title = models.CharField("文章标题", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"

    def __str__(self):
        return f"{self.get_action_display()}《{self.article_title}》"

    @classmethod
    def log(cls, action, article, user, note=""):
        return cls.objects.create(
            action=action,
            article=article,
            article_title=article.title[:200],
            user=user if user and user.is_authenticated else None,
            note=note,
        )


class DeletedArticle(Article):
    """The recycle bin's view of articles: the ones with deleted_at set."""

    class Meta:
        proxy = True
        verbose_name = "回收站中的文章"
        verbose_name_plural = "回收站"


class SensitiveWord(models.Model):
    affects_public_pages = False  # editors' records: no page shows them

    word = models.CharField(
        "敏感词",
        max_length=50,
        unique=True,
        help_text="文章中出现这个词时,保存草稿会提醒,发布会被阻止。",
    )
    note = models.CharField(
        "说明", max_length=200, blank=True, help_text="为什么列入,供其他编辑参考。"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="添加人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        ordering = ["word"]
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip()
        super().save(*args, **kwargs)


class Revision(models.Model):
    affects_public_pages = False  # editors' records: no page shows them

    article = models.ForeignKey(
        "news.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField("版本")
    created_at = models.DateTimeField("保存时间", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    data = models.JSONField("内容")
    changed = models.JSONField("改动的字段", default=list, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = "修订版本"
        verbose_name_plural = "修订版本"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_article_revision")
        ]

    def __str__(self):
        return f"{self.article_id} 第 {self.number} 版"

    @property
    def changed_labels(self):
        return [field_label(name) for name in self.changed]

    def get_restore_url(self):
        return reverse("admin:news_article_revision_restore", args=[self.article_id, self.number])


def field_label(name):
    """An article field's label as editors see it ("tags" included)."""
    if name == "tags":
        return "标签"
    return str(Article._meta.get_field(name).verbose_name)
