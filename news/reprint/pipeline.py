"""The reprint import, one pipeline for the admin page and the import_reprint command.

read() parses a page, a pasted text or a .docx; localise() copies its images into the library;
article_fields() is the one mapping from a parse to an Article; duplicates() looks for the same
article already on the site; save() creates it. The admin runs the steps with an editor's review
between them, the command runs them one after the other.
"""

from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from taggit.models import Tag

from ..models import Article
from ..workflow import article_texts, find_sensitive_words
from .duplicates import find_duplicates
from .images import localise_images
from .parser import parse_reprint

MAX_SUGGESTED_TAGS = 10
AUDIT_NOTE = "转载导入"


def read(source, *, filename=None, url="", choose=None):
    """Parse source (text, HTML or .docx bytes); raises ReprintError with a message.

    choose: the lines an editor picked as the title, the source or the author (parse_reprint).
    """
    return parse_reprint(source, filename=filename, url=url, choose=choose)


def localise(parsed, *, url="", base_dir=None):
    """Copy the parse's images into the image library and point the body at them."""
    localise_images(parsed, base_url=parsed.original_url or url, base_dir=base_dir)
    return parsed


def article_fields(parsed):
    """The Article fields a parse gives; published_at is None when the page gave no time."""
    return {
        "title": parsed.title,
        "source": parsed.source,
        "author_title": parsed.author_title or "记者",
        "author": parsed.author,
        "original_url": parsed.original_url,
        "published_at": parsed.published_at(),
        "body": parsed.body_html,
    }


def review_notes(parsed):
    """What the editor should check, in Chinese: the parser's notes and a missing time."""
    notes = list(parsed.notes)
    if parsed.published_at() is None:
        notes.append("原文没有给出发布时间,已填入当前时间,请核对。")
    elif "T" not in parsed.published:
        notes.append("原文只给出日期,没有具体时间,请核对发布时间。")
    return notes


def duplicates(fields, **options):
    """Articles already on the site that look like the one these fields describe."""
    return find_duplicates(
        title=fields.get("title") or "",
        source=fields.get("source") or "",
        original_url=fields.get("original_url") or "",
        body_html=fields.get("body") or "",
        **options,
    )


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
def save(fields, *, user, section, publish=False, tags=()):
    """Create the article as a draft, or published when asked and allowed (user None: the CLI).

    A listed sensitive word blocks publishing as it does in the admin: the article is saved as a
    draft and the places are in article.sensitive_hits. The revision the save records writes the
    publish audit entry, noted as an import.
    """
    fields = {**fields, "source": (fields.get("source") or "").strip("《》 ")}
    hits = find_sensitive_words(article_texts(fields))
    publish = publish and (user is None or can_publish(user)) and not hits
    article = Article(
        section=section,
        status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
        created_by=user,
        updated_by=user,
        **{**fields, "published_at": fields.get("published_at") or timezone.now()},
    )
    article._revision_note = AUDIT_NOTE
    article.save()
    if tags:
        article.tags.set(list(tags))
    article.sensitive_hits = hits
    return article
