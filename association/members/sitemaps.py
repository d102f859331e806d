from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Member


class MemberSitemap(Sitemap):
    """The directory and every public member page."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return ["directory", *Member.objects.published().only("slug", "updated_at")]

    def location(self, item):
        return reverse("members:directory") if item == "directory" else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "directory" else item.updated_at


MEMBERS_SITEMAPS = {"members": MemberSitemap}
