from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max
from django.utils import timezone

from news.models import Article, Section


class SearchDocument(models.Model):
    """An article's segmented text, kept in step with the article; the full-text index reads it.

    Status, time and section are copied here so a search filters without joining the articles.
    PostgreSQL indexes title_terms and terms with GIN; SQLite mirrors them into the FTS5 table
    search_fts through triggers. Both are made by migration 0002, which checks the database.
    """

    # Changes follow an article's own save, which already renews the cached pages.
    affects_public_pages = False

    article = models.OneToOneField(
        Article,
        verbose_name="文章",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    section = models.ForeignKey(
        Section, verbose_name="栏目", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField("状态", max_length=20)
    published_at = models.DateTimeField("发布时间")
    title_terms = models.TextField("标题分词", blank=True)
    terms = models.TextField("全文分词", blank=True, help_text="标题、摘要、来源、作者、标签、正文")

    class Meta:
        verbose_name = "搜索索引"
        verbose_name_plural = "搜索索引"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="search_doc_status_pub_idx"),
        ]

    def __str__(self):
        return f"搜索索引 #{self.article_id}"


class IndustryTermQuerySet(models.QuerySet):
    def stamp(self):
        """Return what changes whenever a term is added, edited or deleted (one small query)."""
        row = self.aggregate(count=Count("id"), last=Max("updated_at"))
        return row["count"], row["last"]


class IndustryTerm(models.Model):
    """A word of the trade that search must keep whole, such as 反渗透 or 膜生物反应器."""

    word = models.CharField(
        "词语",
        max_length=40,
        unique=True,
        help_text="搜索时不拆开的行业词语,如 反渗透、膜生物反应器。保存后立即生效。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = IndustryTermQuerySet.as_manager()

    class Meta:
        ordering = ["word"]
        verbose_name = "行业词语"
        verbose_name_plural = "行业词典"

    def __str__(self):
        return self.word

    def clean(self):
        self.word = self.word.strip()
        if not self.word or not all(c.isalnum() for c in self.word):
            raise ValidationError({"word": "词语只能由汉字、字母和数字组成,不能有空格或标点。"})


class SearchTerm(models.Model):
    """How often a search was made; only the normalised words, nothing about who searched."""

    term = models.CharField("搜索词", max_length=100, unique=True)
    count = models.PositiveIntegerField("搜索次数", default=0)
    last_searched_at = models.DateTimeField("最近搜索时间", default=timezone.now)
    hidden = models.BooleanField(
        "不在热门搜索中显示", default=False, help_text="勾选后,这个词不会出现在首页的热门搜索里。"
    )

    class Meta:
        ordering = ["-count", "term"]
        verbose_name = "搜索词统计"
        verbose_name_plural = "搜索词统计"
        indexes = [models.Index(fields=["hidden", "-count"], name="search_term_hot_idx")]

    def __str__(self):
        return self.term
