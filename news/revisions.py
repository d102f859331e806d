"""Article revisions: every save keeps a snapshot; editors compare two and restore one.

A revision is written after each save of an article (post_save), whoever saves it: admin, import,
shell. Tags are saved after the article, so a tag change updates the revision of the save it
belongs to (or, when tags change on their own, adds a new one).
"""

import difflib
import re
from datetime import datetime

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article, AuditEntry, Image, Revision, Section
from .models.editorial import field_label
from .sanitize import html_to_text

TRACKED_FIELDS = [
    "title", "section", "body", "summary", "source", "author_title", "author", "original_url",
    "status", "published_at", "pinned", "featured", "cover", "cover_alt",
]  # fmt: skip
# Restoring brings back the content; whether and when it is public stays a separate decision.
RESTORED_FIELDS = [f for f in TRACKED_FIELDS if f not in ("status", "published_at")]


def snapshot(article):
    """Return the tracked fields of article (and its tags) as JSON-ready data."""
    data = {}
    for name in TRACKED_FIELDS:
        field = article._meta.get_field(name)
        value = getattr(article, field.attname)
        if isinstance(value, datetime):
            value = value.isoformat()
        data[name] = value
    data["tags"] = sorted(article.tags.names(), key=str.lower)
    return data


def changed_fields(old, new):
    if old is None:
        return [name for name in [*TRACKED_FIELDS, "tags"] if new.get(name) not in ("", None, [])]
    return [name for name in [*TRACKED_FIELDS, "tags"] if old.get(name) != new.get(name)]


def record(article, note=""):
    """Keep a revision of article as it is now, unless nothing changed since the last one."""
    data = snapshot(article)
    previous = article.revisions.order_by("-number").first()
    changed = changed_fields(previous.data if previous else None, data)
    if previous and not changed:
        return previous
    revision = Revision.objects.create(
        article=article,
        number=previous.number + 1 if previous else 1,
        user_id=article.updated_by_id,
        data=data,
        changed=changed,
        note=note,
    )
    _audit_status_change(article, previous.data["status"] if previous else None, data, note)
    return revision


def _audit_status_change(article, old_status, data, note=""):
    """The one place a publish or a withdrawal reaches the audit trail; note says why."""
    new_status = data["status"]
    if new_status == old_status:
        return
    if new_status == article.Status.PUBLISHED:
        when = parse_datetime(data["published_at"])
        if when > timezone.now():
            scheduled = f"定时于 {timezone.localtime(when):%Y-%m-%d %H:%M} 发布"
            note = f"{note}；{scheduled}" if note else scheduled
        AuditEntry.log(AuditEntry.Action.PUBLISH, article, article.updated_by, note)
    elif new_status == article.Status.WITHDRAWN:
        AuditEntry.log(AuditEntry.Action.WITHDRAW, article, article.updated_by, note)


@receiver(post_save, sender="news.Article")
def _record_on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the revisions come with the data
        return
    note = getattr(instance, "_revision_note", "")
    instance._revision_note = ""
    instance._revision = record(instance, note)


@receiver(m2m_changed, sender="news.TaggedArticle")
def _record_tag_change(sender, instance, action, reverse=False, **kwargs):
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    revision = getattr(instance, "_revision", None)
    tags = sorted(instance.tags.names(), key=str.lower)
    if revision is None or revision.article_id != instance.pk:
        instance._revision = record(instance, "修改标签")
        return
    if revision.data.get("tags") == tags:
        return
    # The tags belong to the save that just happened: complete that revision.
    revision.data["tags"] = tags
    previous = instance.revisions.filter(number__lt=revision.number).order_by("-number").first()
    revision.changed = changed_fields(previous.data if previous else None, revision.data)
    if previous and not revision.changed:
        revision.delete()
        instance._revision = previous
    else:
        revision.save(update_fields=["data", "changed"])


def restore(article, revision, user):
    """Bring article's content and tags back to revision; status and publish time stay."""
    data = revision.data
    for name in RESTORED_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "section" and not Section.objects.filter(pk=value).exists():
            continue  # the section is gone: keep the current one
        if name == "cover" and value and not Image.objects.filter(pk=value).exists():
            value = None
        field = article._meta.get_field(name)
        setattr(article, field.attname, value)
    article.updated_by = user
    article._revision_note = f"恢复到第 {revision.number} 版"
    article.save()
    article.tags.set(data.get("tags", []))
    return article


# Comparing two revisions ----------------------------------------------------------------------

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr|figure|table|pre)>|<br\s*/?>", re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r'\balt="([^"]*)"')


def body_lines(html):
    def image_line(match):
        alt = _ALT.search(match.group(0))
        return f"<p>[图片:{alt.group(1) if alt and alt.group(1) else '无说明'}]</p>"

    html = _IMG.sub(image_line, html or "")
    return [line for line in (html_to_text(part) for part in _BLOCK_END.split(html)) if line]


def inline_diff(old, new):
    """Mark up the characters that differ between two strings with <del> and <ins>."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def body_diff(old_html, new_html):
    """Return rows (kind, html) comparing two bodies paragraph by paragraph."""
    old, new = body_lines(old_html), body_lines(new_html)
    rows = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(("same", escape(line)) for line in old[a1:a2])
        elif op == "replace":
            # Pair paragraphs in order; a pair that is mostly the same shows the edits inline.
            pairs = min(a2 - a1, b2 - b1)
            for o, n in zip(old[a1 : a1 + pairs], new[b1 : b1 + pairs], strict=True):
                if difflib.SequenceMatcher(None, o, n, autojunk=False).ratio() >= 0.4:
                    rows.append(("changed", inline_diff(o, n)))
                else:
                    rows.extend([("removed", escape(o)), ("added", escape(n))])
            rows.extend(("removed", escape(line)) for line in old[a1 + pairs : a2])
            rows.extend(("added", escape(line)) for line in new[b1 + pairs : b2])
        else:
            rows.extend(("removed", escape(line)) for line in old[a1:a2])
            rows.extend(("added", escape(line)) for line in new[b1:b2])
    return rows


def display_value(name, value):
    if value in (None, "", []):
        return "(空)"
    if name == "tags":
        return "、".join(value)
    if name == "section":
        section = Section.objects.filter(pk=value).first()
        return section.name if section else f"(已删除的栏目 {value})"
    if name == "cover":
        image = Image.objects.filter(pk=value).first()
        return str(image) if image else f"(已删除的图片 {value})"
    if name == "status":
        return Article.Status(value).label
    if name == "published_at":
        return f"{timezone.localtime(parse_datetime(value)):%Y-%m-%d %H:%M:%S}"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def compare(old, new):
    """Return one entry per field that differs between two revisions, in form order."""
    entries = []
    for name in [*TRACKED_FIELDS, "tags"]:
        a, b = old.data.get(name), new.data.get(name)
        if a == b:
            continue
        entry = {"name": name, "label": field_label(name)}
        if name == "body":
            entry["rows"] = body_diff(a, b)
        else:
            before, after = display_value(name, a), display_value(name, b)
            entry["before"], entry["after"] = before, after
            entry["inline"] = inline_diff(before, after)
        entries.append(entry)
    return entries
