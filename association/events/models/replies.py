"""A notice's online 回执: a news Article (typically in 通知公告) asking for replies, with the
same form machinery as an event's registration. It lives here because news may not import the
association's apps; the notice page learns of it through NEWS_ARTICLE_LINKS (links.py)."""

from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from news.models import Article

from .events import TimedStatus, table_ready


class NoticeReplyQuerySet(models.QuerySet):
    def live(self):
        """Enabled 回执 of notices a visitor can see."""
        return self.filter(enabled=True, article__in=Article.objects.published())


class NoticeReply(TimedStatus, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "回执进行中"
        CLOSED = "closed", "回执已截止"

    article = models.OneToOneField(
        Article, verbose_name="通知", on_delete=models.CASCADE, related_name="online_reply",
        help_text="要求回执的通知(一般在“通知公告”栏目)。",
    )  # fmt: skip
    enabled = models.BooleanField(
        "接受在线回执",
        default=True,
        help_text="取消勾选则通知页不再显示“填写回执”,表单也不再接受。",
    )
    deadline = models.DateTimeField(
        "回执截止时间", null=True, blank=True,
        help_text="留空则用通知的“截止日期”;通知也没有截止日期时,一直接受到取消勾选为止。",
    )  # fmt: skip
    capacity = models.PositiveIntegerField(
        "名额", null=True, blank=True, help_text="回执的总人数上限;留空则不限。"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = NoticeReplyQuerySet.as_manager()
    # What a registration's confirmation, e-mail and refusals say of their target.
    has_fees = False
    is_reply = True

    class Meta:
        ordering = ["-id"]
        verbose_name = "通知回执"
        verbose_name_plural = "通知回执"

    def __str__(self):
        return f"{self.article.title}(回执)"

    def get_absolute_url(self):
        return reverse("events:reply", args=[self.article_id])

    @property
    def title(self):
        return self.article.title

    @property
    def is_published(self):
        return self.article.is_public

    @property
    def closes_at(self):
        """The 回执's own deadline, else the notice's 截止日期, else None (no deadline)."""
        return self.deadline or self.article.reply_deadline

    def status_at(self, now):
        closes = self.closes_at
        if not self.enabled or (closes is not None and now >= closes):
            return self.Status.CLOSED
        return self.Status.OPEN

    def price_for(self, is_member, when):
        return Decimal("0")  # a 回执 records who comes; fees, if any, are the notice's business


def next_reply_deadline(now):
    """The next 回执 deadline of its own after now (settings.PAGE_CACHE_SCHEDULES): the notice
    page's 填写回执 turns into 回执已截止 then. A notice's own 截止日期 is news' schedule."""
    if not table_ready(NoticeReply):
        return None
    now = datetime.fromtimestamp(now, tz=UTC)
    return (
        NoticeReply.objects.filter(Q(deadline__gt=now), enabled=True)
        .order_by("deadline")
        .values_list("deadline", flat=True)
        .first()
    )
