import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from association.web.pagecache.memo import cached_per_version
from association.web.pagecache.version import scope_stamp

from . import listings, rendering
from .models import Article, Attachment, Section, article_scope
from .pagination import CachedCountPaginator

PAGE_SIZE = 20
NOT_FOUND = "not-found"  # kept like the parts, so unknown ids cost no query either


class PublishedArticleMixin:
    """Articles a visitor may see, with what list pages show."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


class PaginatedListMixin(PublishedArticleMixin):
    """Paginate with Paginator.get_page(): a bad or out-of-range page number is not an error."""

    paginate_by = PAGE_SIZE
    paginator_class = Paginator

    pinned_first = False  # the list is ordered by pinned, then newest first

    def count_key(self):
        """A name for this list's article count, cached per content version; None: no cache."""
        return None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        key = self.count_key()
        if key is None:
            return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kw)
        return CachedCountPaginator(
            queryset, per_page, count_key=key, pinned=self.pinned_first, orphans=orphans,
            allow_empty_first_page=allow_empty_first_page, **kw,
        )  # fmt: skip

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


class SectionDetailView(PaginatedListMixin, ListView):
    template_name = "news/section_detail.html"
    context_object_name = "articles"
    pinned_first = True

    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        has_files = Exists(Attachment.objects.filter(article=OuterRef("pk"), is_public=True))
        return (
            super()
            .get_queryset()
            .filter(section=self.section)
            .annotate(has_attachments=has_files)
            .order_by("-pinned", "-published_at", "-id")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)

    def count_key(self):
        return f"section:{self.section.pk}"


class TagDetailView(PaginatedListMixin, ListView):
    template_name = "news/tag_detail.html"
    context_object_name = "articles"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def count_key(self):
        return f"tag:{self.tag.pk}"


class ArticleDetailView(DetailView):
    """One article. Its own HTML is rendered once and kept in the database with it
    (news/rendering.py); each request adds what depends on other rows (previous and next,
    related articles, attachments, event and 回执 links, the view count, the host). The parts
    are then kept per content version and host (they stay SafeStrings through the cache), also
    for the requests the page cache does not serve (the page cache off, a visitor with a
    session or messages cookie, a query parameter it does not know). Staff always get a fresh
    render, drafts and scheduled articles included, which is never stored."""

    template_name = "news/article_detail.html"
    context_object_name = "article"
    part_templates = rendering.PART_TEMPLATES
    for_staff = False

    def get(self, request, *args, **kwargs):
        # Without a session cookie nobody is logged in: no session is read to find that out.
        self.for_staff = settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff
        if self.for_staff or settings.DEBUG:  # DEBUG: template edits show at once
            parts = self.render_parts()
        else:
            # The canonical link, og:url and the JSON-LD carry absolute addresses: one copy per
            # scheme and host (and always the article's own address, whatever path asked).
            site = f"{request.scheme}://{request.get_host()}".encode()
            host = hashlib.md5(site, usedforsecurity=False).hexdigest()[:12]
            key = f"article:{kwargs['pk']}:{host}:{scope_stamp(article_scope(kwargs['pk']))}"
            parts = cached_per_version(key, self.render_parts, local=True)
        if parts == NOT_FOUND:
            raise Http404("没有找到这篇文章")
        return self.render_to_response({"parts": parts, "view": self})

    def get_object(self, queryset=None):
        """The article with its section, tags and kept rendering (one query), or Http404."""
        try:
            pk = int(self.kwargs["pk"])
            queryset = Article.objects.not_deleted() if self.for_staff else None
            article = rendering.load_public(pk, queryset)
        except (ValueError, OverflowError) as exc:  # pk too large for the database
            raise Http404 from exc
        if article is None:
            raise Http404
        # Most articles have no public file: asked only of those that do (ids kept per version;
        # any save or delete of an attachment renews it). Staff previews always ask.
        article.public_attachments = []
        if self.for_staff or article.pk in cached_per_version(
            "articles-with-files", _articles_with_files, local=True
        ):
            files = Attachment.objects.filter(article=article, is_public=True)
            article.public_attachments = list(files)
        return article

    def render_parts(self):
        """The article's own HTML pieces and plain texts, or NOT_FOUND."""
        try:
            self.object = article = self.get_object()
        except Http404:
            return NOT_FOUND
        tags, site = rendering.tags_of(article), rendering.site_details()
        is_preview = not article.is_public
        if is_preview or self.for_staff or settings.DEBUG:
            own = rendering.render_own(article, tags, site, is_preview=is_preview)
        else:
            own = rendering.own_parts(article, tags, site)
        values = self.slot_values(article, tags)
        parts = {n: rendering.fill(own[n], values, own["nonce"]) for n in self.part_templates}
        parts.update(title=article.title, summary=article.summary, is_preview=is_preview)
        return parts

    def slot_values(self, article, tags):
        """What the kept HTML leaves open: it depends on other rows, counters or the host."""
        request = self.request
        links = [
            link for name in settings.NEWS_ARTICLE_LINKS for link in import_string(name)(article)
        ]
        files = article.public_attachments
        previous, following, related = listings.side_lists(article, [tag.pk for tag in tags])
        return {
            "origin": escape(f"{request.scheme}://{request.get_host()}"),
            "views": article.view_count,
            "attachments": render_to_string("includes/attachments.html", {"attachments": files})
            if files
            else "",
            "links": render_to_string("includes/article_links.html", {"links": links})
            if links
            else "",
            "neighbours": rendering.neighbours_html(previous, following),
            "related": rendering.related_html(related),
        }


def _articles_with_files():
    return frozenset(
        Attachment.objects.filter(is_public=True).values_list("article_id", flat=True).distinct()
    )


class TagListView(TemplateView):
    """标签云: every tag of published articles, sized by use."""

    template_name = "news/tag_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tags=listings.tag_cloud(), **kwargs)
