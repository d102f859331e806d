import re

from django.core.exceptions import ValidationError
from django.db import connection, models
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
            # With the id, the newest matches are read from the index alone, already in order.
            models.Index(
                fields=["status", "-published_at", "-article"], name="search_doc_newest_idx"
            ),
        ]

    def __str__(self):
        return f"搜索索引 #{self.article_id}"


def dictionary_stamp():
    """What changes whenever a dictionary word or a synonym group changes (one small query)."""
    tables = [IndustryTerm._meta.db_table, SynonymGroup._meta.db_table]
    sql = " UNION ALL ".join(
        f"SELECT {i}, count(*), max(updated_at) FROM {t}"  # noqa: S608 - our own table names
        for i, t in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 1")
        return tuple(tuple(row[1:]) for row in cursor.fetchall())


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


_SEPARATORS = re.compile(r"[\s,,、;;/|]+")


class SynonymGroup(models.Model):
    """Terms a reader may use for the same thing (RO, 反渗透), applied when a search is made."""

    terms = models.CharField(
        "同义词",
        max_length=300,
        help_text="用空格或顿号分开的等义词语,如:RO 反渗透。搜索其中任何一个,也会找到含有其他词的"
        "文章(含有原词的排在前面)。保存后立即生效,不需要重建索引。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = "同义词组"
        verbose_name_plural = "同义词"

    def __str__(self):
        return "、".join(self.term_list())

    def term_list(self):
        """The group's terms as written, without repeats."""
        return list(dict.fromkeys(t for t in _SEPARATORS.split(self.terms or "") if t))

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": "一组至少要有两个词语,用空格或顿号分开。"})
        if not all(all(c.isalnum() for c in t) and len(t) <= 40 for t in terms):
            raise ValidationError(
                {
                    "terms": "每个词语只能由汉字、字母和数字组成(不超过 40 个字),"
                    "词语之间用空格或顿号分开。"
                }
            )
        self.terms = " ".join(terms)
