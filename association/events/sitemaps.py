from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Event


class EventSitemap(Sitemap):
    """The events list and every published event."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["list", *Event.objects.published().only("slug", "updated_at").order_by("-start")]

    def location(self, item):
        return reverse("events:event-list") if item == "list" else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "list" else item.updated_at


EVENTS_SITEMAPS = {"events": EventSitemap}
