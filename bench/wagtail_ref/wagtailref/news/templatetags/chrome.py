"""The frame every page shows: section navigation and the tag bar, queried per request."""

from django import template
from wagtail.models import Site

from wagtailref.news.models import hot_tags

register = template.Library()


@register.inclusion_tag("news/header.html", takes_context=True)
def site_header(context):
    request = context["request"]
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    menu = root.get_children().live().in_menu() if root else []
    return {"request": request, "root": root, "menu": menu, "tags": hot_tags(),
            "page": context.get("page")}  # fmt: skip
