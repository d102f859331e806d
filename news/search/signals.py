"""Re-index an article whenever it, its tags or the industry dictionary change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from news.models import Article, TaggedArticle

from .indexing import index_article, index_articles
from .models import IndustryTerm, SynonymGroup
from .text import dictionary_changed


@receiver(post_save, sender=Article, dispatch_uid="search_index_article")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata: the fixture's own documents (or a rebuild) follow
        index_article(instance)


# Deleting an article deletes its document through the foreign key's CASCADE.


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search_index_tags")
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or (
        action != "post_clear" and not pk_set
    ):
        return  # taggit's set() also sends an empty post_add when nothing changed
    if isinstance(instance, Article):
        index_article(instance)
    elif pk_set:  # tag.article_set.add(...): instance is the tag, pk_set the articles
        index_articles(pk_set)


@receiver(post_save, sender=Tag, dispatch_uid="search_index_tag_renamed")
def tag_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        index_articles(
            TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        )


@receiver(post_save, sender=IndustryTerm, dispatch_uid="search_dictionary_saved")
@receiver(post_delete, sender=IndustryTerm, dispatch_uid="search_dictionary_deleted")
@receiver(post_save, sender=SynonymGroup, dispatch_uid="search_synonyms_saved")
@receiver(post_delete, sender=SynonymGroup, dispatch_uid="search_synonyms_deleted")
def dictionary_edited(sender, **kwargs):
    dictionary_changed()
