"""What an article page links to in this app: the events it announces (named in the event's
会议通知 field). The newsroom calls it through the NEWS_ARTICLE_LINKS setting, since news may
not import the association's apps."""

from django.urls import reverse

from .models import Event


def events_of_article(article):
    """The published events this article announces, with their status and 我要报名 link."""
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
