"""下载中心: every public attachment, filtered by type, section and year, searched by name.

A fixed number of queries whatever the number of files: the page's rows (with their article
and section joined); their count (per filters) and the years for the filter are kept per content
version, the sections come from the navigation.
"""

import hashlib
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import ListView

from association.web.pagecache.memo import cached_per_version

from .listings import nav_sections
from .models import FAMILIES, Attachment, Section

PAGE_SIZE = 20
MAX_QUERY = 50  # characters of a search kept


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2999 else None


def attachment_years():
    """Years that have public files, newest first; counted once per content version."""

    def find():
        years = (
            Attachment.objects.published()
            .annotate(year=ExtractYear("article__published_at"))
            .values_list("year", flat=True)
            .distinct()
        )
        return sorted({year for year in years if year}, reverse=True)

    return cached_per_version("attachment-years", find)


class CountKeptPaginator(Paginator):
    """The number of files for these filters is counted once per content version."""

    def __init__(self, *args, count_key, **kwargs):
        self.count_key = count_key
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        return cached_per_version(self.count_key, self.object_list.count)


class DocumentCentreView(ListView):
    template_name = "news/document_centre.html"
    context_object_name = "attachments"
    paginate_by = PAGE_SIZE
    paginator_class = CountKeptPaginator

    def filters(self):
        get = self.request.GET
        family = get.get("type", "")
        section = get.get("section", "")[:50]
        return {
            "type": family if family in FAMILIES else "",
            "section": section if any(s.slug == section for s in self.sections()) else "",
            "year": _year(get.get("year")),
            "q": " ".join(get.get("q", "").split())[:MAX_QUERY],
        }

    def sections(self):
        if not hasattr(self, "_sections"):
            self._sections = nav_sections() or list(Section.objects.all())
        return self._sections

    def get_queryset(self):
        chosen = self.filters()
        files = (
            Attachment.objects.published()
            .select_related("article__section")
            .defer("text", "article__body")
            .order_by("-article__published_at", "-article_id", "position", "id")
        )
        if chosen["type"]:
            files = files.filter(kind__in=FAMILIES[chosen["type"]][1])
        if chosen["section"]:
            files = files.filter(article__section__slug=chosen["section"])
        if chosen["year"]:
            zone = timezone.get_current_timezone()
            start = datetime(chosen["year"], 1, 1, tzinfo=zone)
            end = datetime(chosen["year"] + 1, 1, 1, tzinfo=zone)
            files = files.filter(article__published_at__gte=start, article__published_at__lt=end)
        for word in chosen["q"].split():
            files = files.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return files

    def paginate_queryset(self, queryset, page_size):
        chosen = self.filters()
        filters = "\n".join(str(chosen[k]) for k in ("type", "section", "year", "q"))
        digest = hashlib.md5(filters.encode(), usedforsecurity=False).hexdigest()
        paginator = self.get_paginator(queryset, page_size, count_key=f"documents:count:{digest}")
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        chosen = self.filters()
        return super().get_context_data(
            chosen=chosen,
            families=[(key, label) for key, (label, _) in FAMILIES.items()],
            filter_sections=self.sections(),
            years=attachment_years(),
            nav_current="downloads",
            **kwargs,
        )
