"""View counting: the one place that records that an article was read.

Callers use record_view(); how the count is stored (directly or batched through the cache)
is this module's business.
"""

from django.db.models import F

from .models import Article

BOT_MARKERS = ("bot", "spider", "crawl", "slurp", "curl", "wget", "python-requests", "headless")


def is_bot(user_agent):
    ua = (user_agent or "").lower()
    return not ua or any(marker in ua for marker in BOT_MARKERS)


def record_view(article_id):
    """Count one read of the article."""
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)


def flush_view_counts():
    """Write pending counts to the database; nothing is pending in the direct scheme."""
    return 0
