from django.utils.functional import SimpleLazyObject

from news.models import hot_tags, nav_sections

from .models import SiteSettings, site_pages


def site(request):
    """Site-wide pieces every page shows: settings, navigation and hot tags.

    Lazy, so responses that never show them (sitemaps, feeds) cost no queries for them.
    """
    if request.path.startswith("/admin/"):
        return {}
    return {
        "site_settings": SimpleLazyObject(SiteSettings.load),
        "nav_sections": SimpleLazyObject(lambda: nav_sections(request)),
        "hot_tags": SimpleLazyObject(hot_tags),
    }


def pages(request):
    """The association's own pages, split into navigation and footer links (one lazy query)."""
    if request.path.startswith("/admin/"):
        return {}
    return {
        "nav_pages": SimpleLazyObject(lambda: [p for p in site_pages(request) if p.in_nav]),
        "footer_pages": SimpleLazyObject(lambda: [p for p in site_pages(request) if p.in_footer]),
        "about_pages": SimpleLazyObject(lambda: site_pages(request)),
    }
