from django.core.paginator import Paginator
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from . import listings
from .models import Article, Section, nav_sections

PAGE_SIZE = 20
HOME_ITEMS_PER_SECTION = 8


class PublishedArticleMixin:
    """Articles a visitor may see, with what list pages show."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


class PaginatedListMixin(PublishedArticleMixin):
    """Paginate with Paginator.get_page(): a bad or out-of-range page number is not an error."""

    paginate_by = PAGE_SIZE
    paginator_class = Paginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


class HomeView(TemplateView):
    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = nav_sections(self.request)
        # One query for the latest articles of every section (pinned first), not one per section.
        ranked = (
            Article.objects.published()
            .for_listing()
            .filter(section__show_in_nav=True)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("section_id"),
                    order_by=[F("pinned").desc(), F("published_at").desc(), F("id").desc()],
                )
            )
            .filter(rank__lte=HOME_ITEMS_PER_SECTION)
            .order_by("section_id", "rank")
        )
        by_section = {}
        for article in ranked:
            by_section.setdefault(article.section_id, []).append(article)
        context["section_blocks"] = [(s, by_section.get(s.pk, [])) for s in sections]
        context["featured_articles"] = listings.featured_articles()
        context["most_read"] = listings.most_read()
        return context


class SectionDetailView(PaginatedListMixin, ListView):
    template_name = "news/section_detail.html"
    context_object_name = "articles"

    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(section=self.section)
            .order_by("-pinned", "-published_at", "-id")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


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


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.select_related("section").prefetch_related("tags")
        if self.request.user.is_staff:
            return articles.not_deleted()  # staff preview drafts and scheduled articles
        return articles.published()

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except (ValueError, OverflowError) as exc:  # pk too large for the database
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        siblings = (
            Article.objects.published()
            .filter(section_id=article.section_id)
            .only("id", "title", "published_at")
        )
        same_time = Q(published_at=article.published_at)
        context["previous_article"] = (
            siblings.filter(
                Q(published_at__lt=article.published_at) | same_time & Q(id__lt=article.id)
            )
            .order_by("-published_at", "-id")
            .first()
        )
        context["next_article"] = (
            siblings.filter(
                Q(published_at__gt=article.published_at) | same_time & Q(id__gt=article.id)
            )
            .order_by("published_at", "id")
            .first()
        )
        context["is_preview"] = not article.is_public
        tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched above
        context["related_articles"] = listings.related_articles(article, tag_ids)
        return context


class TagListView(TemplateView):
    """标签云: every tag of published articles, sized by use."""

    template_name = "news/tag_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tags=listings.tag_cloud(), **kwargs)
