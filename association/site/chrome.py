"""What every page shows around its content: settings, navigation, hot tags, linked pages."""

from django.conf import settings
from django.urls import reverse

from association.web.pagecache.memo import cached_per_version
from news.listings import nav_sections
from news.models import hot_tags

from .models import SiteSettings, linked_pages


def site_chrome():
    """Kept per content version in the shared cache and this worker's memory, so a page needs
    no query for it (the hot-tag fallback alone counts tag links over recent articles)."""
    # The name changes with what the value holds: another release may share the cache.
    # Its own pieces are read with it: one round trip, not three, for a new version.
    return cached_per_version(
        "site-chrome", _compute_chrome, local=True, prefetch=("site-settings", "nav-sections")
    )


def site_settings():
    """The association's details (name, description), for pieces rendered without a template
    context such as the feeds (settings.NEWS_SITE)."""
    return cached_per_version("site-settings", SiteSettings.load, local=True)


def _compute_chrome():
    about_pages = linked_pages()
    return {
        "site_settings": site_settings(),
        "nav_sections": nav_sections(),
        "hot_tags": hot_tags(),
        "about_pages": about_pages,
        "nav_pages": [page for page in about_pages if page.in_nav],
        "footer_pages": [page for page in about_pages if page.in_footer],
        # The apps' own pages (settings.SITE_NAV_LINKS): named here, so chrome imports no app.
        "nav_links": [
            {"title": title, "name": name, "url": reverse(name)}
            for title, name in settings.SITE_NAV_LINKS
        ],
    }
