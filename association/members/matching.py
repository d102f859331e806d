"""Find the published articles that mention a member, by its name and short name.

A member's names are looked up in the site's Chinese search index (news.search): every word of
the name must be in the article, then the article's own text must hold the name as written
(after folding width, case and traditional characters), so 蓝海 + 膜业 apart is no match.
Matches are kept as MemberMention rows; an editor may confirm or remove each one, and a removed
one is never added back. When an article is saved, its text is checked against every member's
names directly: one article is quicker to read than one index query per member.
"""

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from association.web.pagecache.version import bump_content_version
from news.models import Article
from news.sanitize import html_to_text
from news.search import backends
from news.search.text import normalise, parse_query

from .models import Member, MemberMention

MIN_NAME_LENGTH = 2  # a one-character short name would match half the site


def _names(member):
    return [n for n in member.match_names() if len(n) >= MIN_NAME_LENGTH]


def _article_text(article):
    return normalise(f"{article.title}\n{article.summary}\n{html_to_text(article.body)}")


def candidate_ids(name):
    """Ids of public articles whose search document holds every word of name (one query)."""
    query = parse_query(name)
    if not query:
        return []
    backend = backends.current()
    extra, params = backends.Filters(now=timezone.now()).sql()
    sql = f"SELECT d.article_id FROM {backends.DOC} d WHERE {backend.match('terms')}{extra}"  # noqa: S608 - constants; input in params
    with connection.cursor() as cursor:
        cursor.execute(sql, [backend.all_expr(query), *params])
        return [row[0] for row in cursor.fetchall()]


def find_articles(member):
    """{article id: the name it was found by} for public articles that mention member."""
    found = {}
    for name in _names(member):
        ids = [pk for pk in candidate_ids(name) if pk not in found]
        if not ids:
            continue
        wanted = normalise(name)
        articles = Article.objects.published().filter(pk__in=ids).only("title", "summary", "body")
        for article in articles:
            if wanted in _article_text(article):
                found[article.pk] = name
    return found


def match_member(member):
    """Record the articles that mention member; return how many new matches were added."""
    found = find_articles(member)
    known = set(MemberMention.objects.filter(member=member).values_list("article_id", flat=True))
    new = [
        MemberMention(member=member, article_id=pk, matched_name=name[:100])
        for pk, name in found.items()
        if pk not in known
    ]
    _add(new)
    return len(new)


def match_all():
    """Match every member (the management command and the demo)."""
    return sum(match_member(member) for member in Member.objects.all())


def match_article(article):
    """Record which members one article mentions; return how many new matches were added."""
    if not Article.objects.published().filter(pk=article.pk).exists():
        return 0
    text = _article_text(article)
    known = set(MemberMention.objects.filter(article=article).values_list("member_id", flat=True))
    new = []
    for member in Member.objects.exclude(pk__in=known).only("name", "short_name"):
        for name in _names(member):
            if normalise(name) in text:
                new.append(MemberMention(member=member, article=article, matched_name=name))
                break
    _add(new)
    return len(new)


def _add(mentions):
    if mentions:
        MemberMention.objects.bulk_create(mentions, ignore_conflicts=True)
        bump_content_version()  # bulk_create sends no signal; member pages list these


@receiver(post_save, sender=Article, dispatch_uid="members_match_article")
def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(lambda: match_article(instance))


@receiver(post_save, sender=Member, dispatch_uid="members_match_member")
def _member_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(lambda: match_member(instance))
