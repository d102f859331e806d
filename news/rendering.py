"""An article's own HTML, rendered once and kept in the database (ArticleRendering).

What is kept: the parts of news/article/*.html that show only the article itself, its section,
its tags, its cover and the library images of its body. Whatever depends on other articles
or on counters is left as a slot (SLOT) and filled on every request: previous and next, related
articles, the public attachments (download counts), the event and 回执 links
(settings.NEWS_ARTICLE_LINKS: status, seats, open or closed), the view count, and the scheme
and host of the absolute addresses (canonical, og:url, JSON-LD), so one copy serves every host.

Staleness: a kept copy carries a key, a digest of everything it shows that the page reads
anyway in the article's one query (every field of the article but the counters, its section,
its tags, whether the notice is closed), the site's name and description, and the code
(code_digest(): the part templates' source, the template tags, this module, FORMAT). A
different key: rendered again and stored. An edit to a library image (cover or body) drops
the copies that may show it (forget_image). Drafts, scheduled articles and staff previews are
rendered fresh and never stored.
"""

import hashlib
import logging
import re
import secrets
import sys
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template import Context
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from .models import Article, ArticleRendering, Image, Section, TaggedArticle
from .models.articles import COUNTER_FIELDS
from .models.images import RENDITION_DIR

log = logging.getLogger(__name__)

# Bump when what is stored changes in a way code_digest() cannot see.
FORMAT = 2
PART_TEMPLATES = ("canonical", "og", "head", "content")
# Templates and modules whose source goes into code_digest().
SOURCES = (
    *(f"news/article/{name}.html" for name in PART_TEMPLATES),
    "includes/og.html",
    "includes/notice_facts.html",
)
SOURCE_MODULES = (
    "news.templatetags.portal", "news.templatetags.pictures", "news.models.images", __name__
)  # fmt: skip

# Slots are private-use characters around a name and the rendering's own random nonce: kept
# as they are by HTML escaping and by json.dumps(ensure_ascii=False), so they survive
# attributes and the JSON-LD alike; an editor who pastes the characters cannot guess the nonce.
_MARK = "\ue000"
_SLOT = re.compile(f"{_MARK}(\\w+):(\\w+){_MARK}")
SLOT_NAMES = ("origin", "views", "attachments", "links", "neighbours", "related")


def slot(name, nonce):
    return f"{_MARK}{name}:{nonce}{_MARK}"


def fill(html, values, nonce):
    """html with each of its own slots replaced by values[name], in one pass (a filled value,
    which may hold an article's title, is never scanned again); other text is left as it is.
    html was rendered and escaped by the part templates, and values are escaped HTML
    (format_html, templates) or numbers, so the result is safe."""
    filled = _SLOT.sub(lambda m: str(values.get(m[1], "")) if m[2] == nonce else m[0], html)
    return mark_safe(filled)  # noqa: S308 - see above


class _OriginSlot:
    """Stands for the request while rendering: absolute addresses start with the origin slot."""

    def __init__(self, nonce):
        self.nonce = nonce

    def build_absolute_uri(self, location=None):
        location = "/" if location is None else str(location)
        if urlsplit(location).scheme or location.startswith("//"):
            return iri_to_uri(location)
        return f"{slot('origin', self.nonce)}{iri_to_uri(location)}"


_code_digest = None


def code_digest():
    """The part templates' and template tags' source and the settings the HTML shows, once per
    process."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.md5(f"format {FORMAT}".encode(), usedforsecurity=False)
        for name in SOURCES:
            digest.update(get_template(name).template.source.encode())
        for module in SOURCE_MODULES:
            digest.update(Path(sys.modules[module].__file__).read_bytes())
        digest.update(static("img/logo.png").encode())
        # Dates are shown in local time; media and static addresses are in the HTML.
        for name in ("TIME_ZONE", "MEDIA_URL", "STATIC_URL"):
            digest.update(repr(getattr(settings, name)).encode())
        _code_digest = digest.hexdigest()
    return _code_digest


class Tag:
    """A tag as the templates and related articles use it, read with the article."""

    __slots__ = ("pk", "name", "slug")

    def __init__(self, pk, name, slug):
        self.pk, self.name, self.slug = pk, name, slug


def tag_list_sql(db, outer=None):
    """A subquery giving the article's tags as text, "link id, tag id, name, slug" joined by
    unit separators and tags by record separators, so the tags cost no query of their own."""
    vendor = connections[db].vendor
    quote = connections[db].ops.quote_name
    links = TaggedArticle._meta
    tag = links.get_field("tag").related_model._meta
    article = outer or quote(Article._meta.db_table)
    cast = "CAST({} AS TEXT)"
    unit, record = ("chr(31)", "chr(30)") if vendor == "postgresql" else ("char(31)", "char(30)")
    fields = f" || {unit} || ".join(
        [cast.format(f"l.{quote(links.pk.column)}"), cast.format(f"t.{quote(tag.pk.column)}"),
         f"t.{quote(tag.get_field('name').column)}", f"t.{quote(tag.get_field('slug').column)}"]
    )  # fmt: skip
    joined = f"STRING_AGG({fields}, {record})" if vendor == "postgresql" else (
        f"GROUP_CONCAT({fields}, {record})"
    )  # fmt: skip
    return (
        f"SELECT {joined} FROM {quote(links.db_table)} l INNER JOIN {quote(tag.db_table)} t "  # noqa: S608 - names from _meta
        f"ON l.{quote(links.get_field('tag').column)} = t.{quote(tag.pk.column)} "
        f"WHERE l.{quote(links.get_field('content_object').column)} = "
        f"{article}.{quote(Article._meta.pk.column)}"
    )


def with_tags(queryset):
    db = queryset.db if queryset._db else router.db_for_read(Article)
    return queryset.annotate(tag_list=RawSQL(tag_list_sql(db), ()))  # noqa: S611 - from _meta


def tags_of(article):
    """The tags read with the article (with_tags), in the order they were added."""
    rows = [row.split("\x1f") for row in (article.tag_list or "").split("\x1e") if row]
    rows.sort(key=lambda row: int(row[0]))
    return [Tag(int(pk), name, slug) for _, pk, name, slug in rows]


def site_details():
    """The site's name and descriptions (settings.NEWS_SITE), which the head parts show."""
    return import_string(settings.NEWS_SITE)()


def rendering_key(article, tags, site):
    """A digest of everything the kept copy shows that can change without a new copy."""
    digest = hashlib.md5(code_digest().encode(), usedforsecurity=False)
    values = [
        get_script_prefix(),
        [getattr(site, name, "") for name in ("name", "description", "welcome_text")],
        [(f.attname, getattr(article, f.attname)) for f in Article._meta.concrete_fields
         if f.attname not in COUNTER_FIELDS],
        [(f.attname, getattr(article.section, f.attname))
         for f in article.section._meta.concrete_fields],
        [(tag.pk, tag.name, tag.slug) for tag in tags],
        article.is_closed,  # notice_facts says 已截止 once the deadline has passed
    ]  # fmt: skip
    digest.update(repr(values).encode())
    return digest.hexdigest()


def render_own(article, tags, site, *, is_preview=False):
    """The parts as HTML with slots (and the slots' nonce): templates rendered with no
    request, no session."""
    nonce = secrets.token_hex(8)
    values = {
        "article": article,
        "object": article,
        "article_tags": tags,
        "is_preview": is_preview,
        "site_settings": site,
        "request": _OriginSlot(nonce),
        "slots": {name: slot(name, nonce) for name in SLOT_NAMES},
    }
    context = Context(values)
    parts = {"nonce": nonce}
    for name in PART_TEMPLATES:
        with context.push():  # what one part sets ({% ... as x %}) stays in it
            parts[name] = get_template(f"news/article/{name}.html").template.render(context)
    return parts


def kept_parts(article, tags, site):
    """The stored parts when they are current, else None."""
    rendering = getattr(article, "_kept_rendering", None)
    if rendering is None:
        return None
    if rendering.key != rendering_key(article, tags, site) or "nonce" not in rendering.parts:
        return None
    return rendering.parts


def store(article, key, parts):
    """Keep a public article's parts; a failure (a read-only database, the article deleted in
    the meantime) only means rendering again next time."""
    db = router.db_for_write(ArticleRendering)
    # One statement: on its own in autocommit, else in a savepoint so a failure leaves the
    # surrounding transaction usable.
    atomic = transaction.atomic(using=db) if connections[db].in_atomic_block else nullcontext()
    try:
        with atomic:
            ArticleRendering.objects.using(db).bulk_create(
                [ArticleRendering(article_id=article.pk, key=key, parts=parts,
                                  rendered_at=timezone.now())],
                update_conflicts=True, unique_fields=["article"],
                update_fields=["key", "parts", "rendered_at"],
            )  # fmt: skip
    except DatabaseError:
        log.warning("article %s: its rendering could not be stored", article.pk, exc_info=True)


def load_public(pk, queryset=None):
    """A public article with its section, its tags and its kept rendering, in one query; with
    queryset (staff previews), from that queryset through the ORM."""
    if queryset is None:
        return _load_public(int(pk))
    queryset = with_tags(queryset.select_related("section", "rendering"))
    article = next(iter(queryset.filter(pk=pk)), None)
    if article is not None:
        try:
            article._kept_rendering = article.rendering
        except ArticleRendering.DoesNotExist:
            article._kept_rendering = None
    return article


# The public article's query is written once per database: compiling it through the ORM cost
# more than running it (bench/cold_profile.py), as for the side lists (news/listings.py).
_load = {}


def _load_query(db):
    connection = connections[db]
    if (db, connection.vendor) not in _load:
        quote = connection.ops.quote_name
        fields = {
            "a": Article._meta.concrete_fields,
            "s": Section._meta.concrete_fields,
            "r": [ArticleRendering._meta.get_field(name) for name in ("key", "parts")],
        }
        columns, converters = [], []
        for alias, group in fields.items():
            for field in group:
                columns.append(f"{alias}.{quote(field.column)}")
                col = field.get_col(alias)
                found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
                converters.append((len(columns) - 1, found, col))
        n = {name: quote(Article._meta.get_field(name).column) for name in (
            "id", "section", "status", "published_at", "deleted_at"
        )}  # fmt: skip
        sql = (
            f"SELECT {', '.join(columns)}, ({tag_list_sql(db, 'a')}) "  # noqa: S608 - names from _meta
            f"FROM {quote(Article._meta.db_table)} a "
            f"INNER JOIN {quote(Section._meta.db_table)} s "
            f"ON s.{quote(Section._meta.pk.column)} = a.{n['section']} "
            f"LEFT OUTER JOIN {quote(ArticleRendering._meta.db_table)} r "
            f"ON r.{quote(ArticleRendering._meta.pk.column)} = a.{n['id']} "
            f"WHERE a.{n['id']} = %s AND a.{n['status']} = %s AND a.{n['published_at']} <= %s "
            f"AND a.{n['deleted_at']} IS NULL"
        )
        _load[db, connection.vendor] = (sql, [f.attname for f in fields["a"]],
                                        [f.attname for f in fields["s"]], converters)  # fmt: skip
    return _load[db, connection.vendor]


def _load_public(pk):
    db = router.db_for_read(Article)
    connection = connections[db]
    sql, article_fields, section_fields, converters = _load_query(db)
    when = Article._meta.get_field("published_at").get_db_prep_value(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, Article.Status.PUBLISHED, when])
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for index, found, col in converters:
        for convert in found:
            row[index] = convert(row[index], col, connection)
    a, s = len(article_fields), len(section_fields)
    article = Article.from_db(db, article_fields, row[:a])
    Article.section.field.set_cached_value(
        article, Section.from_db(db, section_fields, row[a : a + s])
    )
    key, parts, article.tag_list = row[a + s :]
    article._kept_rendering = None
    if key is not None:
        article._kept_rendering = ArticleRendering(article_id=article.pk, key=key, parts=parts)
    return article


def own_parts(article, tags, site, *, keep=True):
    """The kept parts of a public article, rendered and stored first when missing or stale."""
    parts = kept_parts(article, tags, site)
    if parts is None:
        parts = render_own(article, tags, site)
        if keep:
            store(article, rendering_key(article, tags, site), parts)
    return parts


def refresh(pk, force=False):
    """Render and store one article's parts if it is public and they are stale; True if done."""
    article = load_public(pk)
    if article is None:
        return False
    tags, site = tags_of(article), site_details()
    if not force and kept_parts(article, tags, site) is not None:
        return False
    store(article, rendering_key(article, tags, site), render_own(article, tags, site))
    return True


def refresh_after_commit(pk):
    """After an editor's save: the first visitor finds the article rendered. Never fails the
    save."""

    def run():
        try:
            refresh(pk)
        except Exception:
            log.exception("article %s: could not be rendered after its save", pk)

    transaction.on_commit(run)


def forget_image(image):
    """Drop the kept copies that may show this library image (as cover or in the body)."""
    shows = Q(article__cover_id=image.pk)
    shows |= Q(article__body__contains=f"{RENDITION_DIR}/{image.pk}/")
    if image.file and image.file.name:
        shows |= Q(article__body__contains=image.file.name)
    ArticleRendering.objects.filter(shows).delete()


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.is_public:
        refresh_after_commit(instance.pk)


def _tags_changed(sender, instance, action, reverse=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        if isinstance(instance, Article) and instance.is_public:
            refresh_after_commit(instance.pk)


def _image_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        forget_image(instance)


def connect_signals():
    """Render a public article once its save is committed; drop copies showing a changed
    image."""
    post_save.connect(_article_saved, sender=Article, dispatch_uid="news-rendering-article")
    m2m_changed.connect(_tags_changed, sender=TaggedArticle, dispatch_uid="news-rendering-tags")
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_image_changed, sender=Image, dispatch_uid=f"news-rendering-image-{name}")


# The pieces filled in on every request, small enough to write without a template.


def neighbours_html(previous, following):
    def link(article):
        if article is None:
            return "没有了"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), article.title)

    return format_html("<p>上一篇:{}</p>\n      <p>下一篇:{}</p>", link(previous), link(following))


def related_html(articles):
    if not articles:
        return '<li class="empty">暂无相关文章。</li>'
    return format_html_join(
        "\n        ",
        '<li><a href="{}">{}</a><time datetime="{}">{}</time></li>',
        (
            (a.get_absolute_url(), a.title, local.isoformat(), local.strftime("%Y-%m-%d"))
            for a in articles
            for local in [timezone.localtime(a.published_at)]
        ),
    )
