from django.views.generic import ListView

from news.models import Section
from news.views import PaginatedListMixin

from . import hot
from .engine import search
from .forms import SearchForm


class SearchView(PaginatedListMixin, ListView):
    """/search/?q=…: published articles that match, best first, 20 to a page."""

    template_name = "news/search.html"
    context_object_name = "results"

    def get_queryset(self):
        self.sections = list(Section.objects.all())
        self.form = SearchForm(self.request.GET, sections=self.sections)
        filters = self.form.filters()
        by_date = self.form.cleaned_data.get("sort") == "date"
        self.results = search(self.form.cleaned_data.get("q", ""), by_date=by_date, **filters)
        return self.results

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.results.query
        if query and "page" not in self.request.GET and self.results.count():
            hot.record(query)
        context.update(
            form=self.form,
            query=query,
            q=self.form.cleaned_data.get("q", "").strip(),
            total=self.results.count(),
            more=self.results.more,
        )
        return context
