from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections, models, router
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ..reprint.fingerprint import body_fingerprint
from ..sanitize import SUMMARY_LENGTH, clean_html, make_summary
from .paths import filled_reverse
from .sections import Section

_bodies_sanitised = ContextVar("bodies_sanitised", default=False)


def article_path(pk):
    """An article's address (reverse() once per script prefix, then filled in)."""
    if pk is None:
        return reverse("news:article-detail", kwargs={"pk": pk})  # fails as reverse() does
    return filled_reverse("news:article-detail", "pk", int(pk), 987654321)


# Written only by batched counts (news/counting.py), never by a save.
COUNTER_FIELDS = {"view_count"}

# Page cache scopes (association/web/pagecache/scopes.py). Fields only an article's own page
# shows, besides the pages of TEXTS_SCOPE; a save of a public article that changes nothing
# else renews those scopes alone. Every other field is on lists, the home page, tag pages or
# other articles' pages (prev/next, related): changing it renews the whole site.
OWN_PAGE_FIELDS = {
    "body", "body_fingerprint", "source", "author_title", "author", "original_url", "issuer",
    "updated_at", "updated_by_id", "created_by_id", "version", *COUNTER_FIELDS,
}  # fmt: skip
# The pages that show every article's text or modification time: the search page (body,
# source and author are searched, source is in its results), the feeds (full body, byline,
# updated date) and the sitemaps (lastmod).
TEXTS_SCOPE = "news:texts"


def article_scope(pk):
    """The page cache scope of one article's own page."""
    return f"news:article:{int(pk)}"


def article_page_scope(kwargs):
    return article_scope(kwargs["pk"])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a visitor may see: published, and their publish time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            deleted_at__isnull=True,  # in the recycle bin
        )

    def not_deleted(self):
        return self.filter(deleted_at__isnull=True)

    def for_listing(self):
        """Only what list pages show, with the section joined in."""
        return self.select_related("section").defer("body")

    # bulk_create(), bulk_update() and update() skip Article.save(): sanitise the body here too.
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.body = clean_html(obj.body)
            if not obj.summary.strip():
                obj.summary = make_summary(obj.body)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "body" in fields:
            for obj in objs:
                obj.body = clean_html(obj.body)
        token = _bodies_sanitised.set(True)  # its update() gets CASE expressions of them
        try:
            return super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _bodies_sanitised.reset(token)

    def update(self, **kwargs):
        body = kwargs.get("body")
        if isinstance(body, str):
            kwargs["body"] = clean_html(body)
        elif body is not None and not _bodies_sanitised.get():
            # An expression (Concat, F, ...) could assemble markup the sanitiser never sees.
            raise TypeError("Article.body can only be updated with a plain string.")
        return super().update(**kwargs)


class TaggedArticle(TaggedItemBase):
    # A direct foreign key (not taggit's generic one) so tag queries join on indexed integers.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "文章标签"
        verbose_name_plural = "文章标签"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_tag_article_idx")]

    def changes_public_pages(self):
        """As the article's own change: tagging or untagging a draft renews no page; a public
        article's tags are on tag pages, so any other renews the whole site."""
        if type(self).content_object.is_cached(self):
            return self.content_object.changes_public_pages() is not False
        # A row deleted by a query (tags removed): one look at the article as it is now.
        listed = Article.objects.filter(status=Article.Status.PUBLISHED, deleted_at=None)
        return listed.filter(pk=self.content_object_id).exists()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已下线"

    title = models.CharField("标题", max_length=200)
    section = models.ForeignKey(
        Section, verbose_name="栏目", on_delete=models.PROTECT, related_name="articles"
    )
    body = models.TextField(
        "正文", blank=True, help_text="保存时会自动清除脚本、事件属性等不安全内容。"
    )
    summary = models.TextField(
        "摘要", blank=True, help_text=f"留空则自动取正文前 {SUMMARY_LENGTH} 字。"
    )
    source = models.CharField(
        "来源", max_length=100, blank=True, help_text="转载的报刊或网站名,不加书名号,如 威海日报。"
    )
    author_title = models.CharField(
        "署名称谓",
        max_length=20,
        blank=True,
        default="记者",
        help_text="署名前的称谓,如 记者、作者、通讯员;不需要可留空。",
    )
    author = models.CharField(
        "作者",
        max_length=100,
        blank=True,
        help_text="记者或作者姓名,如 姜倩倩;多人用空格或顿号分开。",
    )
    original_url = models.URLField("原文链接", max_length=500, blank=True)
    published_at = models.DateTimeField(
        "发布时间",
        default=timezone.now,
        help_text="页面上显示的“时间”。设为将来的时间,文章会在那一刻自动出现。",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    pinned = models.BooleanField("置顶", default=False, help_text="在栏目和首页列表中排在最前。")
    featured = models.BooleanField("推荐", default=False, help_text="显示在首页的推荐区。")
    cover_image = models.ImageField(
        "封面图", upload_to="covers/%Y/%m/", blank=True, width_field="cover_width",
        height_field="cover_height",
    )  # fmt: skip
    cover = models.ForeignKey(
        "news.Image", verbose_name="封面图(图片库)", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="cover_of",
        help_text="从图片库选择封面;设置后优先于下面旧的直接上传封面。",
    )  # fmt: skip
    cover_width = models.PositiveIntegerField("封面宽度", null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField("封面高度", null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        "封面图说明", max_length=200, blank=True, help_text="供读屏软件朗读的图片文字说明。"
    )
    # 通知公告: a notice's document number, who issued it and the reply deadline.
    doc_number = models.CharField(
        "发文字号", max_length=50, blank=True, help_text="如 中膜协〔2025〕12号;不是公文可留空。"
    )
    issuer = models.CharField("发文单位", max_length=100, blank=True)
    reply_deadline = models.DateTimeField(
        "截止日期", null=True, blank=True,
        help_text="报名或回执的截止时间;过后页面和列表自动显示“已截止”,不必再改文章。",
    )  # fmt: skip
    tags = TaggableManager(
        "标签", through=TaggedArticle, blank=True, help_text="多个标签用逗号分隔。"
    )
    view_count = models.PositiveIntegerField("浏览次数", default=0, editable=False)
    # Finds a reprint imported twice, whatever its markup (news/reprint/duplicates.py).
    body_fingerprint = models.CharField("正文指纹", max_length=32, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    # Optimistic locking: bumped on every save; the admin form refuses a stale one.
    version = models.PositiveIntegerField("版本号", default=1, editable=False)
    deleted_at = models.DateTimeField("移入回收站时间", null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "文章"
        verbose_name_plural = "文章"
        # Each ends in -id so list pages (and their deep pages) are index-only scans at 100,000
        # articles; bench/explain.py checks every public query's plan.
        permissions = [
            ("publish_article", "可以发布文章"),
            ("withdraw_article", "可以下线文章"),
            ("restore_article", "可以从回收站恢复文章"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_status_pub_idx"),
            models.Index(
                fields=["section", "status", "-pinned", "-published_at", "-id"],
                name="article_section_list_idx",
            ),
            # Only what visitors may see: a section's deep pages (page 2,000) skip their offset
            # in this index alone, without visiting the rows for status and deleted_at.
            models.Index(
                fields=["section", "-pinned", "-published_at", "-id"],
                condition=models.Q(status="published", deleted_at__isnull=True),
                name="article_section_public_idx",
            ),
            # Tag pages join the tag's links with the public articles: counting 10,000 links of
            # a big tag read the whole article table instead (bench/explain.py).
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status="published", deleted_at__isnull=True),
                name="article_public_idx",
            ),
            # Duplicate checks of reprint import: same body, same original URL, same title+source.
            models.Index(fields=["body_fingerprint"], name="article_fingerprint_idx"),
            models.Index(fields=["original_url"], name="article_original_url_idx"),
            models.Index(fields=["title", "source"], name="article_title_source_idx"),
            models.Index(fields=["status", "-view_count", "-id"], name="article_most_read_idx"),
            # The next deadline to pass (next_notice_deadline) renews the page cache.
            models.Index(
                fields=["reply_deadline"],
                condition=models.Q(reply_deadline__isnull=False),
                name="article_deadline_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        self.body_fingerprint = body_fingerprint(self.body)
        if not self.summary.strip():
            self.summary = make_summary(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # Every field but the counters: a batch of views written between this object's
            # read and its save must not be undone by writing the old count back.
            update_fields = [
                f.attname for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in COUNTER_FIELDS
            ]  # fmt: skip
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {
                "body",
                "summary",
                "version",
                "body_fingerprint",
            }
        if self.pk:
            self.version = (self.version or 0) + 1
        listed = self.is_listed
        self._public_change = listed or (self._was_listed and not self._state.adding)
        if self._public_change and listed and not self._state.adding:
            self._public_change = self._own_page_change(kwargs.get("update_fields"), kwargs)
        super().save(*args, **kwargs)
        self._was_listed = listed

    def get_absolute_url(self):
        return article_path(self.pk)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at <= timezone.now()
            and self.deleted_at is None
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_closed(self):
        """已截止: the notice's reply deadline has passed."""
        return self.reply_deadline is not None and self.reply_deadline <= timezone.now()

    @property
    def byline(self):
        """The meta line's first half, as the example page writes it: 《威海日报》记者 姜倩倩."""
        source = f"《{self.source.strip('《》 ')}》" if self.source.strip("《》 ") else ""
        person = " ".join(p for p in (self.author_title.strip(), self.author.strip()) if p)
        if not self.author.strip():
            person = ""
        return f"{source}{person}"

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        loaded = {"status", "deleted_at"} <= set(field_names)
        article._was_listed = article.is_listed if loaded else True
        return article

    _was_listed = True  # not loaded from the database: assume a public page may show it
    _public_change = None  # set by save()

    @property
    def is_listed(self):
        """Published, now or at its scheduled time, and not in the recycle bin."""
        return self.status == self.Status.PUBLISHED and self.deleted_at is None

    def changes_public_pages(self):
        """Whether the last save may show on a public page (the page cache's question): not
        when the article was a draft, pending or withdrawn before and after it; only on its own
        page and the pages of TEXTS_SCOPE (the scopes) when it changed only OWN_PAGE_FIELDS."""
        if self._public_change is None:  # not saved here: as it is in the database
            return self._was_listed or self.is_listed
        return self._public_change

    def _own_page_change(self, update_fields, kwargs):
        """The scopes of this save of a public article if only OWN_PAGE_FIELDS change, else True.
        Compared with the row as it is now (locked in a transaction, so no other save of it
        slips in between)."""
        fields = [
            f.attname for f in self._meta.concrete_fields
            if not f.primary_key and f.attname not in OWN_PAGE_FIELDS
            and (update_fields is None or f.attname in update_fields or f.name in update_fields)
        ]  # fmt: skip
        if not fields:
            return (article_scope(self.pk), TEXTS_SCOPE)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        if connections[using].in_atomic_block:
            rows = rows.select_for_update()
        before = rows.values_list(*fields).first()
        if before is None:
            return True
        field_of = {f.attname: f for f in self._meta.concrete_fields}
        now = tuple(field_of[name].get_prep_value(getattr(self, name)) for name in fields)
        was = tuple(
            field_of[name].get_prep_value(v) for name, v in zip(fields, before, strict=True)
        )
        if now != was:
            return True
        return (article_scope(self.pk), TEXTS_SCOPE)


@receiver(pre_save, sender=Article, dispatch_uid="article-sanitise-raw-saves")
def sanitise_raw_saves(sender, instance, raw, **kwargs):
    """loaddata (fixtures, backups) saves raw, past Article.save(): sanitise the body here."""
    if raw:
        instance.body = clean_html(instance.body)


def next_scheduled_publish(now):
    """When the next scheduled article appears (a PAGE_CACHE_SCHEDULES hook)."""
    return (
        Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=datetime.fromtimestamp(now, tz=UTC)
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def next_notice_deadline(now):
    """When the next notice closes (a PAGE_CACHE_SCHEDULES hook: its pages then say 已截止)."""
    return (
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            reply_deadline__gt=datetime.fromtimestamp(now, tz=UTC),
            deleted_at__isnull=True,
        )
        .order_by("reply_deadline")
        .values_list("reply_deadline", flat=True)
        .first()
    )
