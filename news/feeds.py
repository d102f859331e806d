"""RSS 2.0 and Atom feeds for the whole site and for each section.

Each item carries the summary and the full (sanitised) body; dates are in Asia/Shanghai.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.module_loading import import_string

from .models import Article, Section

FEED_SIZE = 20


class FullContentRss(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the article body in <content:encoded>."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullContentAtom(feedgenerator.Atom1Feed):
    """Atom with the article body as <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class FeedScope:
    """What one request's feed is about: the site, and the section if any."""

    def __init__(self, section=None):
        # Who publishes (name, description, welcome_text): the site app's settings row.
        self.site = import_string(settings.NEWS_SITE)()
        self.section = section


class LatestArticlesFeed(Feed):
    feed_type = FullContentRss

    def get_object(self, request, *args, **kwargs):
        return FeedScope()

    def title(self, scope):
        return f"{scope.site.name} - {scope.section.name}" if scope.section else scope.site.name

    def link(self, scope):
        return scope.section.get_absolute_url() if scope.section else reverse("home")

    def description(self, scope):
        if scope.section:
            return (
                scope.section.description
                or f"{scope.site.name}“{scope.section.name}”栏目的最新文章"
            )
        return scope.site.description or scope.site.welcome_text

    def items(self, scope):
        articles = Article.objects.published().select_related("section").prefetch_related("tags")
        if scope.section:
            articles = articles.filter(section=scope.section)
        return articles.order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.byline or None

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(max(item.updated_at, item.published_at))

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        return {"content_html": item.body}


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = FullContentAtom
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return FeedScope(get_object_or_404(Section, slug=slug))


class SectionAtomFeed(SectionFeed):
    feed_type = FullContentAtom
    subtitle = LatestArticlesFeed.description
