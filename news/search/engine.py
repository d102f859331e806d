"""Search articles: what the search page, the admin and the benchmark call."""

from django.db.models.expressions import RawSQL
from django.utils import timezone

from news.models import Article, Attachment
from news.sanitize import html_to_text

from . import backends
from .expand import expand
from .highlight import Highlighter
from .text import parse_query
from .vocabulary import inside

# What a result shows (the search template); the other columns cost time to read and to load.
RESULT_FIELDS = [
    "title", "summary", "body", "source", "status", "published_at", "deleted_at",
    "section__name", "section__slug",
]  # fmt: skip


class Results:
    """Matching articles in order, sliced a page at a time (what Paginator needs).

    count() is one query; each slice is two (the ids of the page, then those articles). At most
    SEARCH_MAX_RESULTS are listed; `more` says whether even more articles matched.
    """

    def __init__(self, query, filters, by_date=False, public=True):
        self.query, self.filters, self.by_date, self.public = query, filters, by_date, public
        self.backend = backends.current()
        self._count = None
        self.more = False

    def count(self):
        if self._count is None:
            limit = backends.max_results()
            found = self.backend.count(self.query, self.filters, limit + 1) if self.query else 0
            self._count, self.more = min(found, limit), found > limit
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Results are read a page at a time")
        offset, stop = index.start or 0, index.stop
        if offset >= self.count() or stop is not None and stop <= offset:
            return []
        limit = min(stop if stop is not None else self.count(), self.count()) - offset
        ids = self.backend.ids(
            self.query, self.filters, by_date=self.by_date, many=self.more, offset=offset,
            limit=limit,
        )  # fmt: skip
        articles = Article.objects.select_related("section").only(*RESULT_FIELDS).filter(pk__in=ids)
        # By primary key alone, and whether each is public is checked here: with published()
        # in the SQL, SQLite walked the index of all published articles (50 ms at 100,000).
        # The document may lag behind an article changed with QuerySet.update().
        by_id = {a.pk: a for a in articles.order_by() if not self.public or a.is_public}
        found = [by_id[pk] for pk in ids if pk in by_id]
        highlighter = Highlighter(self.query)
        only_in_files = []
        for article in found:
            article.title_html = highlighter.title(article.title)
            own = html_to_text(article.body) or article.summary
            article.snippet_html = highlighter.snippet(own)
            article.found_in = None
            texts = (article.title, own, article.source, article.summary)
            if not any(highlighter.matches(text) for text in texts):
                only_in_files.append(article)
        if only_in_files:
            _show_files(only_in_files, highlighter)
        return found


def _show_files(articles, highlighter):
    """For results found through an attachment: its name and the passage there (one query)."""
    by_article = {a.pk: a for a in articles}
    files = Attachment.objects.filter(article_id__in=by_article, is_public=True).only(
        "article", "name", "text"
    )
    for attachment in files:
        article = by_article[attachment.article_id]
        text = f"{attachment.name}\n{attachment.text}"
        if article.found_in is None and highlighter.matches(text):
            article.found_in = attachment
            article.snippet_html = highlighter.snippet(attachment.text or attachment.name)


def search(text, section_id=None, start=None, end=None, by_date=False):
    """Published articles matching text, best first (or newest first with by_date)."""
    query = expand(parse_query(text), inside=inside)
    filters = backends.Filters(now=timezone.now(), section_id=section_id, start=start, end=end)
    return Results(query, filters, by_date=by_date)


def filter_articles(queryset, text):
    """Narrow an Article queryset to those matching text, drafts included (for the admin)."""
    query = expand(parse_query(text), inside=inside)
    if not query:
        return queryset.none()
    sql, params = backends.current().matching_ids_sql(query)
    return queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - input is in params
