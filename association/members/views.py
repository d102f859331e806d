"""Public pages: the member directory and a member's page (each a fixed number of queries),
and the staff's download of application documents."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .directory_forms import DirectoryFilterForm
from .documents import application_form_docx, document_download  # noqa: F401 - urls
from .join import ApplyThanksView, ApplyView  # noqa: F401 - urls
from .models import Member, MemberMention


class MembersNavMixin:
    """Marks 会员单位 as the current page in the navigation (settings.SITE_NAV_LINKS)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_link="members:directory", **kwargs)


class DirectoryView(MembersNavMixin, ListView):
    """会员单位: grouped by level, filtered by province and field, searched by name."""

    template_name = "members/directory.html"
    context_object_name = "members"
    paginator_class = Paginator

    def get_paginate_by(self, queryset):
        return settings.MEMBERS_PAGE_SIZE

    def get_queryset(self):
        self.filters = DirectoryFilterForm(self.request.GET or None)
        members = (
            Member.objects.published()
            .select_related("level", "logo")
            .prefetch_related("fields")
            .order_by("level__position", "level_id", "name")
        )
        if not self.filters.is_bound:
            return members
        self.filters.is_valid()  # a bad value is shown as an error and that filter ignored
        data = self.filters.cleaned_data
        if data.get("q"):
            q = data["q"]
            members = members.filter(
                Q(name__icontains=q) | Q(short_name__icontains=q) | Q(name_en__icontains=q)
            )
        if data.get("province"):
            members = members.filter(province=data["province"])
        if data.get("field"):
            members = members.filter(fields=data["field"])
        return members

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        filtered = self.filters.is_bound and self.filters.has_filters()
        return super().get_context_data(filters=self.filters, filtered=filtered, **kwargs)


class MemberDetailView(MembersNavMixin, DetailView):
    template_name = "members/member_detail.html"
    context_object_name = "member"

    def get_object(self, queryset=None):
        members = Member.objects.select_related("level", "logo")
        if not self.request.user.is_staff:
            members = members.published()
        return get_object_or_404(members, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        mentions = (
            MemberMention.objects.published()
            .filter(member=self.object)
            .select_related("article__section")
            .defer("article__body")
            .order_by("-article__published_at", "-article_id")
        )
        return super().get_context_data(
            member_fields=list(self.object.fields.all()),
            mentions=list(mentions[: settings.MEMBERS_MENTIONS_SHOWN]),
            **kwargs,
        )
