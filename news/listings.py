"""Lists the public pages show besides the main one, each in a fixed number of queries."""

from django.db import connections, router
from django.utils import timezone

from association.web.pagecache.memo import cached_per_version

from .models import Article, Section, TaggedArticle, popular_tags

FEATURED_COUNT = 5
RELATED_COUNT = 6
# Related articles are looked for among the newest so many articles of each of the tags: a tag
# on 10,000 articles would otherwise mean counting shared tags over all of them.
RELATED_CANDIDATES_PER_TAG = 100
TAG_CLOUD_LEVELS = 5
# What a line of an article list shows (templatetags.portal.article_list), and what from_db
# reads: the home page loads only these for its sections' lists (any other field would cost
# a query per article: tests/test_query_counts.py counts them).
LIST_LINE_FIELDS = (
    "id", "title", "section", "published_at", "status", "deleted_at", "pinned", "doc_number",
    "reply_deadline",
)  # fmt: skip


def nav_sections():
    """The sections in the navigation, kept per content version (no query once kept)."""
    return cached_per_version(
        "nav-sections", lambda: list(Section.objects.filter(show_in_nav=True)), local=True
    )


def latest_by_section(sections, per_section):
    """The latest articles of each section (pinned first), each with its section, in one query.

    Each section's newest ids come from its own LIMIT subquery on the section index, glued
    with UNION ALL: the work does not grow with the number of articles. The sections are
    those given (the navigation's, already loaded): no join.
    """
    if not sections:
        return []
    db = router.db_for_read(Article)
    published = _published_params(db)
    params = [value for s in sections for value in (s.pk, *published, per_section)]
    articles = list(Article.objects.raw(_latest_sql(db, len(sections)), params).using(db))
    by_id = {section.pk: section for section in sections}
    for article in articles:
        article.section = by_id[article.section_id]
    return articles


def featured_articles(limit=FEATURED_COUNT):
    """The newest 推荐 articles, those with a cover first (one query)."""
    articles = Article.objects.published().for_listing().select_related("cover")
    articles = articles.filter(featured=True)
    return list(articles.order_by("-published_at", "-id")[:limit])


def most_read(limit=10):
    """The most-read published articles by their counted views (unread ones are left out), in
    SQL written once per database: id, title, publish time and views (what 点击排行 shows)."""
    db = router.db_for_read(Article)
    params = [*_published_params(db), limit]
    return list(Article.objects.raw(_most_read_sql(db), params).using(db))


def side_lists(article, tag_ids, limit=RELATED_COUNT):
    """The previous and next published article of the same section (None at either end), and
    the articles sharing the most tags with article, then the newest of its section.

    One query for both, whatever the number of articles, and the section's newest once per
    content version; tag_ids are the article's own tags, which the page has already loaded.
    """
    db = router.db_for_read(Article)
    when = _datetime_param(db, article.published_at)
    sql = _neighbours_sql(db)
    params = [article.section_id, *_published_params(db), when, when, article.pk] * 2
    tag_ids = [int(pk) for pk in tag_ids]
    if tag_ids:
        # One round trip: the neighbours are the rows with shared = -1.
        sql = (
            f"SELECT side.*, -1 AS shared FROM ({sql}) AS side "  # noqa: S608 - our own SQL
            f"UNION ALL SELECT * FROM ({_related_sql(db, len(tag_ids))}) AS rel"
        )
        newest = [value for pk in tag_ids for value in (pk, RELATED_CANDIDATES_PER_TAG)]
        params += [*newest, *tag_ids, *_published_params(db), article.pk, limit]
    previous = following = None
    picked = []
    for row in Article.objects.raw(sql, params).using(db):
        if getattr(row, "shared", -1) >= 0:
            picked.append(row)
        elif (row.published_at, row.pk) < (article.published_at, article.pk):
            previous = row
        else:
            following = row
    picked.sort(key=lambda a: (a.shared, a.published_at, a.pk), reverse=True)
    # The section's newest are the same for all its articles: kept per content version (one
    # more than shown, as the article itself may be among them).
    same_section = cached_per_version(
        f"section-newest:{article.section_id}:{limit}",
        lambda: list(
            Article.objects.published()
            .filter(section_id=article.section_id)
            .only("id", "title", "published_at")
            .order_by("-published_at", "-id")[: limit + 1]
        ),
        local=True,
    )
    seen = {a.pk for a in picked}
    seen.add(article.pk)
    picked.extend(a for a in same_section if a.pk not in seen)
    return previous, following, picked[:limit]


# The side lists' SQL is written here once per database rather than built by the ORM for every
# page: compiling those querysets cost more than running them (bench/cold_profile.py).
_sql = {}


def _names(db):
    """Quoted table and column names of the article and tag-link tables for this database."""
    quote = connections[db].ops.quote_name
    article, links = Article._meta, TaggedArticle._meta
    return {
        "article": quote(article.db_table),
        "links": quote(links.db_table),
        **{name: quote(article.get_field(name).column) for name in (
            "id", "title", "published_at", "status", "deleted_at", "section", "pinned"
        )},
        "link_id": quote(links.pk.column),
        "link_article": quote(links.get_field("content_object").column),
        "link_tag": quote(links.get_field("tag").column),
    }  # fmt: skip


def _published(n, alias):
    """What Article.objects.published() asks, as SQL: status, publish time, not deleted."""
    return (
        f"{alias}.{n['status']} = %s AND {alias}.{n['published_at']} <= %s"
        f" AND {alias}.{n['deleted_at']} IS NULL"
    )


def _published_params(db):
    return [Article.Status.PUBLISHED, _datetime_param(db, timezone.now())]


def _datetime_param(db, value):
    return Article._meta.get_field("published_at").get_db_prep_value(value, connections[db])


def _neighbours_sql(db):
    key = ("neighbours", connections[db].vendor)
    if key not in _sql:
        n = _names(db)

        # A plain range on published_at (ties excluded separately) lets the index start at
        # this article; an OR of the two conditions made PostgreSQL walk from the newest one.
        def side(beyond, tie, order):
            return (
                f"SELECT a.{n['id']} FROM {n['article']} a WHERE a.{n['section']} = %s AND "  # noqa: S608 - names from _meta
                f"{_published(n, 'a')} AND a.{n['published_at']} {beyond} %s AND NOT "
                f"(a.{n['published_at']} = %s AND a.{n['id']} {tie} %s) "
                f"ORDER BY a.{n['published_at']} {order}, a.{n['id']} {order} LIMIT 1"
            )

        _sql[key] = (
            f"SELECT {n['id']}, {n['title']}, {n['published_at']} FROM {n['article']} "  # noqa: S608 - names from _meta
            f"WHERE {n['id']} IN (SELECT * FROM ({side('<=', '>=', 'DESC')}) AS earlier "
            f"UNION ALL SELECT * FROM ({side('>=', '<=', 'ASC')}) AS later)"
        )
    return _sql[key]


def _latest_sql(db, sections):
    key = ("latest", connections[db].vendor, sections)
    if key not in _sql:
        n = _names(db)
        quote = connections[db].ops.quote_name
        columns = ", ".join(quote(Article._meta.get_field(f).column) for f in LIST_LINE_FIELDS)
        order = f"a.{n['pinned']} DESC, a.{n['published_at']} DESC, a.{n['id']} DESC"
        published = _published(n, "a")
        if connections[db].vendor == "sqlite":
            # Without statistics SQLite took the publish-time index (every published article,
            # then a sort: 40 ms at 3,000); a unary + keeps that term off any index, so the
            # (section, status, pinned, time, id) one gives the newest in order.
            when = f"a.{n['published_at']}"
            published = published.replace(f"{when} <=", f"+{when} <=")
        newest = (
            f"SELECT * FROM (SELECT a.{n['id']} FROM {n['article']} a "  # noqa: S608 - names from _meta
            f"WHERE a.{n['section']} = %s AND {published} "
            f"ORDER BY {order} LIMIT %s) AS latest_{{}}"
        )
        ids = " UNION ALL ".join(newest.format(i) for i in range(sections))
        _sql[key] = (
            f"SELECT {columns} FROM {n['article']} a WHERE a.{n['id']} IN ({ids}) "  # noqa: S608 - names from _meta
            f"ORDER BY a.{n['section']}, {order}"
        )
    return _sql[key]


def _most_read_sql(db):
    key = ("most-read", connections[db].vendor)
    if key not in _sql:
        n = _names(db)
        views = connections[db].ops.quote_name(Article._meta.get_field("view_count").column)
        _sql[key] = (
            f"SELECT a.{n['id']}, a.{n['title']}, a.{n['published_at']}, a.{views}, "  # noqa: S608 - names from _meta
            f"a.{n['section']} FROM {n['article']} a WHERE {_published(n, 'a')} "
            f"AND a.{views} > 0 ORDER BY a.{views} DESC, a.{n['id']} DESC LIMIT %s"
        )
    return _sql[key]


def _related_sql(db, tags):
    key = ("related", connections[db].vendor, tags)
    if key not in _sql:
        n = _names(db)
        marks = ", ".join(["%s"] * tags)
        # The candidates first, then their links to these tags: PostgreSQL planned the form
        # "every link of the tags, among the candidates" 1.2-1.7 ms longer and ran it 0.5 ms
        # longer (a tag on 10,000 articles), for the same rows.
        _sql[key] = (
            f"SELECT a.{n['id']}, a.{n['title']}, a.{n['published_at']}, "  # noqa: S608 - names from _meta
            f"COUNT(t.{n['link_id']}) AS shared FROM (SELECT DISTINCT c.{n['link_article']} AS "
            f"candidate FROM ({_newest_tagged(n, tags)}) AS c) AS picked "
            f"INNER JOIN {n['links']} t ON t.{n['link_article']} = picked.candidate "
            f"AND t.{n['link_tag']} IN ({marks}) "
            f"INNER JOIN {n['article']} a ON a.{n['id']} = picked.candidate "
            f"WHERE {_published(n, 'a')} AND a.{n['id']} <> %s "
            f"GROUP BY a.{n['id']}, a.{n['title']}, a.{n['published_at']} "
            f"ORDER BY shared DESC, a.{n['published_at']} DESC, a.{n['id']} DESC LIMIT %s"
        )
    return _sql[key]


def _newest_tagged(n, tags):
    """SQL for the ids of the newest RELATED_CANDIDATES_PER_TAG articles of each tag.

    Newest by id (creation order), which the (tag, article) index gives without a sort.
    """
    newest = (
        f"SELECT * FROM (SELECT {n['link_article']} FROM {n['links']} WHERE {n['link_tag']} = %s "  # noqa: S608 - names from _meta
        f"ORDER BY {n['link_article']} DESC LIMIT %s) AS tagged_{{}}"
    )
    return " UNION ALL ".join(newest.format(i) for i in range(tags))


def tag_cloud():
    """Every tag of published articles, sized by use; counted once per content version."""
    return cached_per_version("tag-cloud", _tag_cloud)


def _tag_cloud():
    """Every tag of published articles with its use count and a size level 1-5 (one query)."""
    tags = list(popular_tags().only("id", "name", "slug"))
    if not tags:
        return []
    most = tags[0].num_articles
    least = tags[-1].num_articles
    spread = max(most - least, 1)
    for tag in tags:
        tag.level = 1 + round((tag.num_articles - least) * (TAG_CLOUD_LEVELS - 1) / spread)
    return sorted(tags, key=lambda t: t.name)
