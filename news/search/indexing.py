"""Keep SearchDocument rows in step with articles, one at a time or all at once."""

import multiprocessing as mp
import os
import time
from concurrent.futures import ProcessPoolExecutor

from django.db import connection, transaction
from django.db.models import Q

from news.models import Article, Attachment, TaggedArticle
from news.sanitize import html_to_text

from . import backends
from .models import SearchDocument
from .text import segment

_FIELDS = ["id", "title", "summary", "body", "source", "author", "status", "published_at"]
_UPDATE = ["section", "status", "published_at", "title_terms", "terms"]
POOL_THRESHOLD = 5000  # articles; fewer are done faster in this process


def _texts(article, tag_names, files=()):
    """The article's title and all its searchable text, as plain text; files are the (name,
    text) of its public attachments."""
    body = html_to_text(article.body)
    summary = article.summary.strip()
    if body.startswith(summary.rstrip("…").strip()):
        summary = ""  # the automatic summary repeats the opening of the body
    parts = (article.title, summary, article.source, article.author, *tag_names, body)
    parts += tuple(part for name, text in files for part in (name, text))
    return article.title, " \n".join(part for part in parts if part)


def _public_files(article_ids):
    """article id -> [(name, text)] of its public attachments, in one query."""
    files = {}
    for article_id, name, text in Attachment.objects.filter(
        article_id__in=article_ids, is_public=True
    ).values_list("article_id", "name", "text"):
        files.setdefault(article_id, []).append((name, text))
    return files


def _segment_pair(pair):
    title, text = pair
    return segment(title, check=False), segment(text, check=False)


def _document(article, title_terms, terms):
    return SearchDocument(
        article_id=article.pk,
        section_id=article.section_id,
        status=article.status,
        published_at=article.published_at,
        title_terms=title_terms,
        terms=terms,
    )


def document_for(article, tag_names, files=()):
    text = _texts(article, tag_names, files)[1]
    return _document(article, segment(article.title), segment(text))


def _save(documents):
    SearchDocument.objects.bulk_create(
        documents, update_conflicts=True, unique_fields=["article"], update_fields=_UPDATE
    )


def index_article(article):
    """Write one article's search document (three queries: its tags, its files, the upsert)."""
    tags = list(
        TaggedArticle.objects.filter(content_object_id=article.pk).values_list(
            "tag__name", flat=True
        )
    )
    files = _public_files([article.pk]).get(article.pk, [])
    _save([document_for(article, sorted(tags), files)])


def index_articles(ids):
    """Re-index the given articles (tag renames, dictionary changes)."""
    ids = list(ids)
    for start in range(0, len(ids), 500):
        _index_batch(Article.objects.filter(pk__in=ids[start : start + 500]))


def _index_batch(articles, pool=None, fresh=False):
    articles = list(articles.only(*_FIELDS, "section_id"))
    tags = {}
    for article_id, name in TaggedArticle.objects.filter(
        content_object_id__in=[a.pk for a in articles]
    ).values_list("content_object_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    files = _public_files([a.pk for a in articles])
    segment("")  # load or check the dictionary here, never in a worker process
    pairs = [_texts(a, sorted(tags.get(a.pk, [])), files.get(a.pk, ())) for a in articles]
    terms = pool.map(_segment_pair, pairs, chunksize=25) if pool else map(_segment_pair, pairs)
    documents = [_document(a, *t) for a, t in zip(articles, terms, strict=True)]
    if fresh:
        SearchDocument.objects.bulk_create(documents)
    else:
        _save(documents)
    return len(articles)


def _pool(total):
    """Worker processes for a big rebuild: segmentation is pure CPU, one process per core."""
    workers = min(os.cpu_count() or 1, 4)
    if total < POOL_THRESHOLD or workers < 2 or "fork" not in mp.get_all_start_methods():
        return None
    # Forked workers inherit the loaded dictionary and never touch the database connection.
    return ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))


def rebuild(batch_size=1000, out=None):
    """Rebuild every search document; returns (count, seconds). Writes progress lines to out."""
    started = time.monotonic()
    total = Article.objects.count()
    done = 0
    pool = _pool(total)
    try:
        with transaction.atomic():
            backends.current().before_rebuild()
            SearchDocument.objects.all().delete()
            last_id = 0
            while True:
                ids = list(
                    Article.objects.filter(pk__gt=last_id)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:batch_size]
                )
                if not ids:
                    break
                last_id = ids[-1]
                done += _index_batch(Article.objects.filter(pk__in=ids), pool, fresh=True)
                if out:
                    rate = done / max(time.monotonic() - started, 1e-6)
                    out(f"已索引 {done}/{total} 篇(每秒 {rate:.0f} 篇)")
            if out:
                out("正在建立全文索引……")
            backends.current().after_rebuild()
    finally:
        if pool:
            pool.shutdown()
    if connection.vendor == "postgresql":
        # VACUUM sets the visibility map so later scans skip per-row checks; not in a transaction.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {SearchDocument._meta.db_table}")
    return done, time.monotonic() - started


def reindex_containing(words):
    """Re-index the articles whose text holds any of words (after a dictionary edit)."""
    condition = Q()
    for word in {w for w in words if w and not w.isascii()}:
        for field in ("title", "summary", "body", "source"):
            condition |= Q(**{f"{field}__contains": word})
    if not condition:
        return 0
    ids = list(Article.objects.filter(condition).values_list("pk", flat=True))
    index_articles(ids)
    return len(ids)
