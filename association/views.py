from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .models import Page


class PageDetailView(DetailView):
    template_name = "association/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        pages = Page.objects.all() if self.request.user.is_staff else Page.objects.published()
        return get_object_or_404(pages, slug=self.kwargs["slug"])
