"""An event (会议活动) and the extra questions its registration form asks."""

from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.sanitize import clean_html, make_summary

# Path segments the events' URLs use for pages of their own; no event may take them as a slug.
RESERVED_SLUGS = {"calendar", "feed.ics", "registered", "reply"}


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        """Events that have not ended yet."""
        return self.filter(end__gt=now or timezone.now())


class TimedStatus:
    """What an event and a notice's 回执 share: a status worked out from the times on every
    read (status_at), and the seats their registrations take."""

    @property
    def status(self):
        return self.status_at(timezone.now())

    def get_status_display(self):
        return self.status.label

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def seats_taken(self):
        """People registered and not cancelled (one query)."""
        return self.registrations.active().headcount()

    def is_full(self, taken=None):
        if self.capacity is None:
            return False
        return (self.seats_taken() if taken is None else taken) >= self.capacity


class Event(TimedStatus, models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", "会议"
        FORUM = "forum", "论坛"
        EXHIBITION = "exhibition", "展览"
        TRAINING = "training", "培训"
        VISIT = "visit", "考察"

    class Status(models.TextChoices):
        OPEN = "open", "报名中"
        CLOSED = "closed", "报名已截止"
        RUNNING = "running", "进行中"
        ENDED = "ended", "已结束"

    title = models.CharField("活动名称", max_length=200)
    slug = models.SlugField(
        "网址标识", max_length=80, unique=True, allow_unicode=True,
        help_text="活动网址中的一段,如 2026-nianhui;只能含字母、数字、汉字、横线。",
    )  # fmt: skip
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.MEETING)
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    city = models.CharField("城市", max_length=50)
    address = models.CharField("地址", max_length=200, blank=True, help_text="会场名称与详细地址。")
    organiser = models.CharField("主办单位", max_length=200)
    host = models.CharField(
        "承办单位", max_length=300, blank=True, help_text="多个单位用顿号分隔。"
    )
    co_organisers = models.CharField(
        "协办单位", max_length=500, blank=True, help_text="多个单位用顿号分隔。"
    )
    summary = models.CharField(
        "简介",
        max_length=300,
        blank=True,
        help_text="列表和搜索引擎显示的一句话;留空则取正文开头。",
    )
    body = models.TextField(
        "正文", blank=True, help_text="会议议程、报名须知等;保存时会自动清除脚本等不安全内容。"
    )
    registration_deadline = models.DateTimeField(
        "报名截止时间", null=True, blank=True, help_text="留空则报名到活动开始为止。"
    )
    capacity = models.PositiveIntegerField(
        "名额", null=True, blank=True, help_text="可报名的总人数;留空则不限。"
    )
    member_price = models.DecimalField(
        "会员单位价格(元/人)", max_digits=9, decimal_places=2, default=0
    )
    non_member_price = models.DecimalField(
        "非会员单位价格(元/人)", max_digits=9, decimal_places=2, default=0
    )
    early_bird_until = models.DateTimeField(
        "早鸟截止时间",
        null=True,
        blank=True,
        help_text="在此之前报名按早鸟价收费;留空则没有早鸟价。",
    )
    early_member_price = models.DecimalField(
        "早鸟会员价(元/人)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    early_non_member_price = models.DecimalField(
        "早鸟非会员价(元/人)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    announcement = models.ForeignKey(
        Article, verbose_name="会议通知", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="发布这次活动的通知文章;它的附件(回执表等)也显示在活动页上。",
    )  # fmt: skip
    is_published = models.BooleanField("公开", default=True, help_text="取消勾选则访客看不到。")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = EventQuerySet.as_manager()
    is_reply = False  # a registration's target is an event, or a notice's 回执 (NoticeReply)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "会议活动"
        verbose_name_plural = "会议活动"
        indexes = [models.Index(fields=["is_published", "end", "start"], name="event_listing")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if not self.summary.strip():
            self.summary = make_summary(self.body)[:300]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event-detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = "这个网址标识是网站保留的,请换一个。"
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "结束时间必须晚于开始时间。"
        if self.start and self.registration_deadline and self.registration_deadline > self.start:
            errors["registration_deadline"] = "报名截止时间不能晚于活动开始时间。"
        if errors:
            raise ValidationError(errors)

    # --- Status: worked out from the times on every read, so no job has to flip it ----------

    @property
    def closes_at(self):
        """When registration closes: the deadline, or the start when there is none."""
        return self.registration_deadline or self.start

    def status_at(self, now):
        if now >= self.end:
            return self.Status.ENDED
        if now >= self.start:
            return self.Status.RUNNING
        if now >= self.closes_at:
            return self.Status.CLOSED
        return self.Status.OPEN

    def price_for(self, is_member, when):
        """The fee per person for a registration made at when."""
        early = self.early_bird_until is not None and when <= self.early_bird_until
        if is_member:
            early_price = self.early_member_price
            return early_price if early and early_price is not None else self.member_price
        early_price = self.early_non_member_price
        return early_price if early and early_price is not None else self.non_member_price

    @property
    def has_fees(self):
        return bool(self.member_price or self.non_member_price)


def next_event_change(now):
    """The next registration deadline, start or end after now (settings.PAGE_CACHE_SCHEDULES):
    the moment an event's status, and so its pages, change with nobody saving anything."""
    if not table_ready(Event):
        return None  # migrations of other apps save rows before this table exists
    now = datetime.fromtimestamp(now, tz=UTC)
    later = Event.objects.published().aggregate(
        deadline=Min("registration_deadline", filter=Q(registration_deadline__gt=now)),
        start=Min("start", filter=Q(start__gt=now)),
        end=Min("end", filter=Q(end__gt=now)),
    )
    moments = [moment for moment in later.values() if moment is not None]
    return min(moments) if moments else None


_ready = set()


def table_ready(model):
    """Whether the model's table exists; asked of the database until it does, then never."""
    if model not in _ready:
        if model._meta.db_table not in connection.introspection.table_names():
            return False
        _ready.add(model)
    return True


class Question(models.Model):
    """An extra question an editor adds to one event's registration form, or to one notice's
    回执 (exactly one of the two)."""

    class Kind(models.TextChoices):
        TEXT = "text", "文字"
        SINGLE = "single", "单选"
        MULTIPLE = "multiple", "多选"

    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="questions",
        null=True, blank=True,
    )  # fmt: skip
    reply = models.ForeignKey(
        "events.NoticeReply", verbose_name="通知回执", on_delete=models.CASCADE,
        related_name="questions", null=True, blank=True,
    )  # fmt: skip
    label = models.CharField("问题", max_length=200, help_text="如 是否需要安排住宿?")
    kind = models.CharField("题型", max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField("选项", blank=True, help_text="单选、多选题的选项,每行一个。")
    required = models.BooleanField("必答", default=False)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "报名附加问题"
        verbose_name_plural = "报名附加问题"
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, reply__isnull=True)
                | Q(event__isnull=True, reply__isnull=False),
                name="question_one_target",
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.kind != self.Kind.TEXT and len(self.choice_list()) < 2:
            raise ValidationError({"choices": "单选、多选题至少要有两个选项,每行一个。"})

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
