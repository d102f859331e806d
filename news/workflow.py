"""Editorial workflow: who may move an article to which status, the recycle bin, the audit trail
and the sensitive-word check.

Roles are Django groups made by a migration: 编辑 (editors) and 主编 (chief editors). The rules
below test permissions, not group names, so a superuser or a custom group works the same way.
"""

from dataclasses import dataclass

from django.utils import timezone

from association.web.pagecache.version import bump_content_version

from .models import Article, AuditEntry, SensitiveWord
from .sanitize import html_to_text

Status = Article.Status


def status_error(user, old_status, new_status, old_published_at=None, new_published_at=None):
    """Return why user may not move an article from old_status to new_status, or None."""
    can_publish = user.has_perm("news.publish_article")
    can_withdraw = user.has_perm("news.withdraw_article")
    published, withdrawn = Status.PUBLISHED, Status.WITHDRAWN
    if new_status == published and old_status != published and not can_publish:
        return "您没有发布文章的权限:请把状态设为“待审核”,由主编审核发布。"
    if old_status == published and new_status != published and not can_withdraw:
        return "您没有下线文章的权限:已发布的文章只能由主编下线或改回草稿。"
    if new_status == withdrawn and old_status != withdrawn and not can_withdraw:
        return "您没有下线文章的权限。"
    if (
        old_status == published == new_status
        and old_published_at is not None
        and new_published_at is not None
        and old_published_at.replace(microsecond=0) != new_published_at.replace(microsecond=0)
        and not can_publish
    ):
        return "只有主编可以修改已发布文章的发布时间。"
    return None


def allowed_statuses(user, current_status):
    """The status choices user may pick for an article now in current_status (None: new)."""
    return [
        (value, label)
        for value, label in Status.choices
        if value == current_status or status_error(user, current_status, value) is None
    ]


# Recycle bin ---------------------------------------------------------------------------------


def move_to_recycle_bin(article, user):
    """Hide the article from the site; its row (and revisions) stay for a restore."""
    now = timezone.now()
    # update(), not save(): no revision for it, and no bump of its edit version.
    Article.objects.filter(pk=article.pk).update(deleted_at=now)
    article.deleted_at = now
    bump_content_version()  # update() sends no signal, and the article just left every page
    AuditEntry.log(AuditEntry.Action.DELETE, article, user)


def restore_from_recycle_bin(article, user):
    Article.objects.filter(pk=article.pk).update(deleted_at=None)
    article.deleted_at = None
    bump_content_version()  # update() sends no signal
    AuditEntry.log(
        AuditEntry.Action.RESTORE, article, user, f"恢复后状态:{article.get_status_display()}"
    )


# Sensitive words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    word: str
    field: str
    snippet: str

    def __str__(self):
        return f"“{self.word}”({self.field}):{self.snippet}"


SNIPPET_CONTEXT = 12
MAX_HITS_PER_WORD = 3


def find_sensitive_words(texts, words=None):
    """Return a Hit for each place a listed word occurs in texts ({field label: text or HTML})."""
    if words is None:
        words = list(SensitiveWord.objects.values_list("word", flat=True))
    words = [w for w in words if w]
    if not words:
        return []
    hits = []
    for label, text in texts.items():
        plain = html_to_text(text) if "<" in (text or "") else (text or "")
        lowered = plain.lower()
        for word in words:
            start, found = 0, 0
            while found < MAX_HITS_PER_WORD:
                index = lowered.find(word.lower(), start)
                if index < 0:
                    break
                end = index + len(word)
                before = plain[max(0, index - SNIPPET_CONTEXT) : index]
                after = plain[end : end + SNIPPET_CONTEXT]
                snippet = (
                    ("…" if index > SNIPPET_CONTEXT else "")
                    + f"{before}【{plain[index:end]}】{after}"
                    + ("…" if end + SNIPPET_CONTEXT < len(plain) else "")
                )
                hits.append(Hit(word, label, snippet))
                start, found = end, found + 1
    return hits


def article_texts(data):
    """The parts of an article the sensitive-word check reads, by their labels."""
    return {
        "标题": data.get("title", ""),
        "摘要": data.get("summary", ""),
        "正文": data.get("body", ""),
        "来源": data.get("source", ""),
        "作者": data.get("author", ""),
    }


def describe_hits(hits):
    return ";".join(str(hit) for hit in hits)
