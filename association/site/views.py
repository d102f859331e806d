from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from news.listings import featured_articles, latest_by_section, most_read

from .chrome import site_chrome
from .models import Page

HOME_ITEMS_PER_SECTION = 8


class HomeView(TemplateView):
    """The home page: featured articles, the latest of each section in the navigation and the
    most read."""

    template_name = "association/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = site_chrome()["nav_sections"]
        by_section = {}
        for article in latest_by_section(sections, HOME_ITEMS_PER_SECTION):
            by_section.setdefault(article.section_id, []).append(article)
        context["section_blocks"] = [(s, by_section.get(s.pk, [])) for s in sections]
        context["featured_articles"] = featured_articles()
        context["most_read"] = most_read()
        return context


class PageDetailView(DetailView):
    template_name = "association/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        pages = Page.objects.all() if self.request.user.is_staff else Page.objects.published()
        return get_object_or_404(pages, slug=self.kwargs["slug"])
