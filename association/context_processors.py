from news.caching import cached_hot_tags
from news.models import nav_sections

from .models import SiteSettings


def site(request):
    """Site-wide pieces every page shows: settings, navigation and hot tags (three queries)."""
    if request.path.startswith("/admin/"):
        return {}
    return {
        "site_settings": SiteSettings.load(),
        "nav_sections": nav_sections(request),
        "hot_tags": cached_hot_tags(),
    }
