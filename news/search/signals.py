"""Re-index an article whenever it, its tags, its attachments or the industry dictionary change."""

import logging
import queue
import threading

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from association.web.pagecache.version import bump_content_version
from news.extraction import extract_attachment
from news.models import Article, Attachment, TaggedArticle

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


log = logging.getLogger(__name__)


def _read_text(attachment_id):
    attachment = Attachment.objects.select_related("article").filter(pk=attachment_id).first()
    if attachment is not None and not attachment.text_note:  # not read by someone else since
        extract_attachment(attachment)
        bump_content_version()  # search pages may now find the article through the file


# One reader thread per process, files one after another: no two reading processes at once
# and no two writers of the search index competing (SQLite would refuse one of them).
_waiting = queue.Queue()
_reader = None
_reader_lock = threading.Lock()


def _read_waiting():
    while True:
        attachment_id = _waiting.get()
        try:
            _read_text(attachment_id)
        except Exception:
            log.exception("attachment %s: reading its text failed", attachment_id)
        finally:
            connections.close_all()  # this thread's own connections


def _read_text_in_thread(attachment_id):
    global _reader
    with _reader_lock:
        if _reader is None or not _reader.is_alive():
            _reader = threading.Thread(target=_read_waiting, name="attachment-text", daemon=True)
            _reader.start()
    _waiting.put(attachment_id)


@receiver(post_save, sender=Attachment, dispatch_uid="search_index_attachment")
def attachment_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata (a restore) brings the text with the row
    index_article(instance.article)  # its name, and whether it is public
    if not instance.text_note:  # a new file: read its text once the save is committed
        read = _read_text_in_thread if settings.ATTACHMENT_TEXT_IN_BACKGROUND else _read_text
        transaction.on_commit(lambda: read(instance.pk))


@receiver(post_delete, sender=Attachment, dispatch_uid="search_index_attachment_deleted")
def attachment_deleted(sender, instance, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:  # not when the article itself is being deleted
        index_article(article)
