import hashlib

from django.db import models
from django.db.models import Count
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from .articles import Article


@receiver(pre_save, sender=Tag, dispatch_uid="tag-never-empty-slug")
def give_symbol_tags_a_slug(sender, instance, **kwargs):
    """A tag of symbols only (★★, ???) slugifies to "" and its link would break every page."""
    if not instance.slug:
        instance.slug = "tag-" + hashlib.sha256(instance.name.encode()).hexdigest()[:10]


class HotTag(models.Model):
    """A tag the editors chose for the 热门标签 row, in their order."""

    tag = models.OneToOneField(Tag, verbose_name="标签", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField("顺序", default=0, help_text="数字越小越靠前。")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "热门标签"
        verbose_name_plural = "热门标签"

    def __str__(self):
        return self.tag.name


HOT_TAG_LIMIT = 10


HOT_TAG_RECENT_ARTICLES = 500


def popular_tags(limit=None, recent=None):
    """Tags of published articles, most used first, each with num_articles.

    recent: count only the latest so many published articles (no scan of every tag link).
    """
    now = timezone.now()
    conditions = {
        "news_taggedarticle_items__content_object__status": Article.Status.PUBLISHED,
        "news_taggedarticle_items__content_object__published_at__lte": now,
        "news_taggedarticle_items__content_object__deleted_at__isnull": True,
    }
    if recent:
        # Ids fetched first: an id list lets the database use the article index of the links.
        latest = Article.objects.published().order_by("-published_at", "-id")
        ids = list(latest.values_list("id", flat=True)[:recent])
        conditions["news_taggedarticle_items__content_object_id__in"] = ids
    tags = (
        Tag.objects.filter(**conditions)
        .annotate(num_articles=Count("news_taggedarticle_items"))
        .order_by("-num_articles", "name")
    )
    return tags[:limit] if limit else tags


def hot_tags(limit=HOT_TAG_LIMIT):
    """Return the editors' hot tags, or the most-used tags of recent published articles if none."""
    chosen = [hot.tag for hot in HotTag.objects.select_related("tag")[:limit]]
    return chosen or list(popular_tags(limit, recent=HOT_TAG_RECENT_ARTICLES))
