"""sitemap.xml: articles (with lastmod), sections, tag pages and the association's pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Section, popular_tags


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("id", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.updated_at


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        visible = Q(
            articles__status=Article.Status.PUBLISHED, articles__published_at__lte=timezone.now()
        )
        return (
            Section.objects.annotate(latest=Max("articles__updated_at", filter=visible))
            .filter(latest__isnull=False)
            .order_by("position", "id")
        )

    def lastmod(self, section):
        return section.latest


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return popular_tags().only("id", "name", "slug")

    def location(self, tag: Tag):
        return reverse("news:tag-detail", kwargs={"slug": tag.slug})


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "news:tag-list"]

    def location(self, name):
        return reverse(name)


# The newsroom's part of sitemap.xml; association/site/sitemaps.py adds the association's pages.
NEWS_SITEMAPS = {
    "site": StaticSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
}
