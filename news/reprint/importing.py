"""Turn a parsed reprint into an article: who may publish, suggested tags, saving."""

from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from taggit.models import Tag

from ..models import Article

MAX_SUGGESTED_TAGS = 10


def can_publish(user):
    """Whether user may publish an import directly instead of saving a draft (主编 may)."""
    if user is None or not user.is_active:
        return False
    return user.has_perm("news.publish_article")


def suggest_tags(text, limit=MAX_SUGGESTED_TAGS):
    """Existing tags whose names occur in text, the most frequent first."""
    if not text:
        return []
    counts = []
    names = Tag.objects.annotate(n=Length("name")).filter(n__gte=2).values_list("name", flat=True)
    for name in names.iterator(chunk_size=2000):
        occurrences = text.count(name)
        if occurrences:
            counts.append((-occurrences, name))
    counts.sort()
    return [name for _, name in counts[:limit]]


@transaction.atomic
def save_reprint(*, user, section, title, body, publish=False, tags=(), published_at=None,
                 **fields):  # fmt: skip
    """Create the article as a draft, or published when asked and allowed (user None: the CLI).

    A listed sensitive word blocks publishing as it does in the admin: the article is saved as a
    draft and the places are in article.sensitive_hits.
    """
    from ..workflow import AuditEntry, article_texts, find_sensitive_words

    hits = find_sensitive_words(article_texts({"title": title, "body": body, **fields}))
    publish = publish and (user is None or can_publish(user)) and not hits
    article = Article(
        section=section,
        title=title,
        body=body,
        status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
        published_at=published_at or timezone.now(),
        created_by=user,
        updated_by=user,
        **fields,
    )
    article.save()
    if tags:
        article.tags.set(list(tags))
    if publish:
        AuditEntry.log(AuditEntry.Action.PUBLISH, article, user, note="转载导入")
    article.sensitive_hits = hits
    return article
