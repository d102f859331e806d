"""Articles that mention a member, found through the search index and checked by editors."""

from django.db import models

from news.models import Article

from .directory import Member


class MemberMentionQuerySet(models.QuerySet):
    def published(self):
        """Mentions a visitor sees: not removed by an editor, in an article that is public."""
        return self.exclude(status=MemberMention.Status.REMOVED).filter(
            article__in=Article.objects.published()
        )


class MemberMention(models.Model):
    class Status(models.TextChoices):
        FOUND = "found", "自动匹配"
        CONFIRMED = "confirmed", "已确认"
        REMOVED = "removed", "已移除"

    member = models.ForeignKey(
        Member, verbose_name="会员单位", on_delete=models.CASCADE, related_name="mentions"
    )
    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="member_mentions"
    )
    matched_name = models.CharField("匹配的名称", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.FOUND,
        help_text="“已移除”的匹配不在会员页面显示,重新匹配时也不会再加回来。",
    )  # fmt: skip
    created_at = models.DateTimeField("匹配时间", auto_now_add=True)

    objects = MemberMentionQuerySet.as_manager()

    class Meta:
        ordering = ["-article__published_at", "-id"]
        verbose_name = "提及会员的文章"
        verbose_name_plural = "提及会员的文章"
        constraints = [
            models.UniqueConstraint(fields=["member", "article"], name="mention_once_per_article")
        ]

    def __str__(self):
        return f"{self.member} ← {self.article}"
