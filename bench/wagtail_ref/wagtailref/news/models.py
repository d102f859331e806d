"""The reference's pages: a home page, news index pages (one per section) and articles."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

LATEST_COUNT = 8  # the side list, as many as the site's 相关文章


class HomePage(Page):
    welcome = models.CharField(max_length=200, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("welcome")]
    subpage_types = ["refnews.NewsIndexPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().descendant_of(self).order_by("-date")
        context["latest"] = articles.only("title", "url_path", "date")[:10]
        context["sections"] = [
            (index, ArticlePage.objects.live().child_of(index).order_by("-date")[:6])
            for index in NewsIndexPage.objects.live().child_of(self)
        ]
        return context


class NewsIndexPage(Page):
    intro = RichTextField(blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["refnews.ArticlePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ArticlePage.objects.live().child_of(self).order_by("-date")[:20]
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "refnews.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    date = models.DateTimeField("发布时间", db_index=True)
    intro = models.CharField("摘要", max_length=300, blank=True)
    body = RichTextField("正文")
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=100, blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("source"),
        FieldPanel("author"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["refnews.NewsIndexPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = ArticlePage.objects.live().sibling_of(self, inclusive=False)
        context["previous"] = siblings.filter(date__lt=self.date).order_by("-date").first()
        context["next"] = siblings.filter(date__gt=self.date).order_by("date").first()
        context["latest"] = siblings.order_by("-date").only("title", "url_path", "date")[
            :LATEST_COUNT
        ]
        return context


def hot_tags(limit=10):
    """The header's tag bar: a few tags, one small query."""
    return Tag.objects.order_by("name")[:limit]
