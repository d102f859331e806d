from django.contrib.sitemaps import Sitemap

from news.sitemaps import NEWS_SITEMAPS

from .models import Page


class PageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at


# sitemap.xml and its parts, as the root URLconf serves them.
SITEMAPS = {**NEWS_SITEMAPS, "pages": PageSitemap}
