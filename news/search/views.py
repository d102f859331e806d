import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from association.web.counters import is_bot
from news.models import Article, Section
from news.views import PaginatedListMixin

from . import hot
from .engine import search
from .forms import SearchForm
from .text import normalise, parse_query
from .vocabulary import maybe_misspelt, suggest, vocabulary


class SearchView(PaginatedListMixin, ListView):
    """/search/?q=…: published articles that match, best first, 20 to a page."""

    template_name = "news/search.html"
    context_object_name = "results"

    def get(self, request, *args, **kwargs):
        watching = vocabulary.watch()
        response = super().get(request, *args, **kwargs)
        if vocabulary.served_stale(watching):
            # Made while the vocabulary is being rebuilt: not kept under this content version.
            add_never_cache_headers(response)
        return response

    def get_queryset(self):
        self.sections = list(Section.objects.all())
        self.form = SearchForm(self.request.GET, sections=self.sections)
        filters = self.form.filters()
        by_date = self.form.cleaned_data.get("sort") == "date"
        self.results = search(self.form.cleaned_data.get("q", ""), by_date=by_date, **filters)
        self.suggestion, self.replaced, self.typos = None, None, ""
        query, found = self.results.query, self.results.count()
        if query and found < settings.SEARCH_SUGGEST_BELOW:
            self.suggestion = suggest(query)
        elif query and len(query.words) > 1 and (unknown := maybe_misspelt(query)):
            self.suggestion = self.typo_in(query, suggest(query, only=unknown), filters)
        if self.suggestion and (not found or self.typos):
            # Nothing for what was typed (or for a misspelt word of it): show what was
            # probably meant, and say so.
            other = search(self.suggestion, by_date=by_date, **filters)
            if other.count():
                self.replaced, self.results = query, other
        return self.results

    def typo_in(self, query, suggestion, filters):
        """suggestion, when the words it changes find nothing on their own (else None)."""
        if suggestion:
            pairs = zip(query.words, suggestion.split(), strict=False)
            changed = [w.text for w, s in pairs if w.text != s]
            if not search(" ".join(changed), **filters).count():
                self.typos = " ".join(changed)
                return suggestion
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.results.query
        if query and "page" not in self.request.GET and self.results.count():
            # Counted by the page's beacon, not here: the page may come from the page cache.
            term = hot.term_of(query)
            context["count_url"] = f"{reverse('news:search-count')}?{urlencode({'q': term})}"
        context.update(
            form=self.form,
            query=query,
            suggestion=self.suggestion,
            replaced=self.replaced,
            typos=self.typos,
            q=self.form.cleaned_data.get("q", "").strip(),
            total=self.results.count(),
            more=self.results.more,
        )
        return context


@csrf_exempt  # it only bumps a counter; visitors have no session to protect
@require_POST
def count_search(request):
    """Count one search (the results page's beacon); bots and empty queries are ignored."""
    query = parse_query(request.GET.get("q", ""))
    if query and not is_bot(request.headers.get("User-Agent")):
        hot.record(query)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


SUGGEST_PREFIX = 20  # characters of what was typed that count
SUGGEST_LIMIT = 8


def suggest_terms(request):
    """/search/suggest/?q=…: hot searches and titles starting or holding what is being typed.

    Small JSON for the search boxes' own script (static/js/search-suggest.js), cached as a page
    per prefix and content version (PAGE_CACHE_PATH_PARAMS).
    """
    typed = "".join(c for c in request.GET.get("q", "") if c.isprintable()).strip()
    typed = " ".join(typed.split())[:SUGGEST_PREFIX]
    prefix = normalise(typed)
    found = []
    if typed and any(c.isalnum() for c in typed):
        found += hot.starting_with(prefix, SUGGEST_LIMIT)
        titles = (
            Article.objects.published()
            .filter(title__icontains=typed)
            .order_by("-published_at")
            .values_list("title", flat=True)[:SUGGEST_LIMIT]
        )
        found += sorted(titles, key=lambda t: not normalise(t).startswith(prefix))
    found = list(dict.fromkeys(found))[:SUGGEST_LIMIT]
    text = json.dumps({"q": typed, "suggestions": found}, ensure_ascii=False)
    # Markup characters escaped too: opened on its own the answer can never read as HTML.
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return HttpResponse(text, content_type="application/json; charset=utf-8")
