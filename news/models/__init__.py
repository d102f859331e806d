"""The newsroom's models, one module per subject; imported here so Django registers them."""

from .articles import (
    TEXTS_SCOPE,
    Article,
    ArticleQuerySet,
    TaggedArticle,
    article_page_scope,
    article_scope,
    next_notice_deadline,
    next_scheduled_publish,
)
from .attachments import FAMILIES, Attachment
from .editorial import AuditEntry, DeletedArticle, Revision, SensitiveWord
from .images import Image
from .renderings import ArticleRendering
from .sections import Section
from .tags import HOT_TAG_LIMIT, HotTag, hot_tags, popular_tags

__all__ = [
    "Article", "ArticleQuerySet", "ArticleRendering", "Attachment", "AuditEntry",
    "DeletedArticle", "FAMILIES",
    "HOT_TAG_LIMIT", "HotTag",
    "Image", "Revision", "Section", "SensitiveWord", "TaggedArticle", "hot_tags",
    "next_notice_deadline", "next_scheduled_publish", "popular_tags",
    "TEXTS_SCOPE", "article_page_scope", "article_scope",
]  # fmt: skip
