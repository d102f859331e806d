"""Lists the public pages show besides the main one, each in a fixed number of queries."""

from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL

from association.web.pagecache.memo import cached_per_version

from .models import Article, Section, TaggedArticle, popular_tags

FEATURED_COUNT = 5
RELATED_COUNT = 6
# Related articles are looked for among the newest so many articles of each of the tags: a tag
# on 10,000 articles would otherwise mean counting shared tags over all of them.
RELATED_CANDIDATES_PER_TAG = 100
TAG_CLOUD_LEVELS = 5


def nav_sections():
    """The sections in the navigation, kept per content version (no query once kept)."""
    return cached_per_version(
        "nav-sections", lambda: list(Section.objects.filter(show_in_nav=True)), local=True
    )


def latest_by_section(sections, per_section):
    """The latest articles of each section (pinned first) in one query.

    Each section's newest ids come from its own LIMIT subquery on the section index, glued
    with UNION ALL: the work does not grow with the number of articles.
    """
    if not sections:
        return Article.objects.none()
    parts, params = [], []
    for n, section in enumerate(sections):
        ids = (
            Article.objects.published()
            .filter(section_id=section.pk)
            .order_by("-pinned", "-published_at", "-id")
            .values("id")[:per_section]
        )
        sql, sql_params = ids.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS latest_{n}")  # noqa: S608 - ORM-compiled SQL
        params.extend(sql_params)
    return (
        Article.objects.for_listing()
        .filter(id__in=RawSQL(" UNION ALL ".join(parts), params))  # noqa: S611 - ORM-compiled
        .order_by("section_id", "-pinned", "-published_at", "-id")
    )


def featured_articles(limit=FEATURED_COUNT):
    """The newest 推荐 articles, those with a cover first (one query)."""
    articles = Article.objects.published().for_listing().select_related("cover")
    articles = articles.filter(featured=True)
    return list(articles.order_by("-published_at", "-id")[:limit])


def related_articles(article, tag_ids, limit=RELATED_COUNT):
    """Articles sharing the most tags with article, then the newest of its section.

    One query (none when the article has no tags), whatever the number of articles, and the
    section's newest once per content version; tag_ids are the article's own tags, which the
    page has already loaded.
    """
    picked = []
    if tag_ids:
        picked = list(
            Article.objects.published()
            .filter(tagged_items__tag_id__in=tag_ids, id__in=_newest_tagged(tag_ids))
            .exclude(pk=article.pk)
            .annotate(shared=Count("tagged_items"))
            .only("id", "title", "published_at")
            .order_by("-shared", "-published_at", "-id")[:limit]
        )
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
    return picked[:limit]


def _newest_tagged(tag_ids):
    """SQL for the ids of the newest RELATED_CANDIDATES_PER_TAG articles of each tag.

    Newest by id (creation order), which the (tag, article) index gives without a sort.
    """
    links = TaggedArticle._meta
    table = connection.ops.quote_name(links.db_table)
    article = connection.ops.quote_name(links.get_field("content_object").column)
    tag = connection.ops.quote_name(links.get_field("tag").column)
    newest = (
        f"SELECT * FROM (SELECT {article} FROM {table} WHERE {tag} = %s "  # noqa: S608 - names from _meta
        f"ORDER BY {article} DESC LIMIT {RELATED_CANDIDATES_PER_TAG}) AS tagged_{{}}"
    )
    sql = " UNION ALL ".join(newest.format(n) for n in range(len(tag_ids)))
    return RawSQL(sql, [int(pk) for pk in tag_ids])  # noqa: S611 - values go in as parameters


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
