"""What an article page links to in this app: the events it announces (named in the event's
会议通知 field) and the notice's own online 回执. The newsroom calls these through the
NEWS_ARTICLE_LINKS setting, since news may not import the association's apps."""

from django.urls import reverse
from django.utils import timezone

from association.web.pagecache.memo import cached_per_version

from . import services
from .models import Event, NoticeReply

# Few articles announce an event or ask for a 回执: the ids of those that do are read once per
# content version (any save of an event or a 回执 renews it), so the others' pages, which a
# crawler walks by the thousand, run no query here.


def _announcing_ids():
    return frozenset(
        Event.objects.published()
        .filter(announcement__isnull=False)
        .values_list("announcement_id", flat=True)
    )


def _replying_ids():
    return frozenset(NoticeReply.objects.filter(enabled=True).values_list("article_id", flat=True))


def events_of_article(article):
    """The published events this article announces, with their status and 我要报名 link."""
    if article.pk not in cached_per_version("events:announcing", _announcing_ids, local=True):
        return []
    links = []
    for event in Event.objects.published().filter(announcement_id=article.pk).order_by("start"):
        register = reverse("events:register", args=[event.slug]) if event.is_open else ""
        links.append(
            {
                "kind": "会议活动",
                "title": event.title,
                "url": event.get_absolute_url(),
                "note": event.get_status_display(),
                "action": "我要报名" if register else "",
                "action_url": register,
            }
        )
    return links


def reply_of_article(article):
    """A notice's online 回执: its status and deadline, and 填写回执 while it is open."""
    if article.pk not in cached_per_version("events:replying", _replying_ids, local=True):
        return []
    reply = NoticeReply.objects.filter(article_id=article.pk).first()
    if reply is None or not reply.enabled:
        return []
    reply.article = article  # for the deadline: the notice's own 截止日期 when the 回执 has none
    now = timezone.now()
    reason = services.refusal(reply, now, 1, reply.seats_taken() if reply.capacity else 0)
    closes = reply.closes_at
    note = f"截止时间 {timezone.localtime(closes):%Y-%m-%d %H:%M}" if closes else ""
    if reason is None:
        status, action = reply.get_status_display(), "填写回执"
    elif reply.status_at(now) == NoticeReply.Status.CLOSED:
        status, action = NoticeReply.Status.CLOSED.label, ""
    else:
        status, action = "名额已满", ""
    return [
        {
            "kind": "在线回执",
            "title": status,
            "url": "",
            "note": note,
            "action": action,
            "action_url": reply.get_absolute_url() if action else "",
        }
    ]
