from news.caching import site_chrome

# What every page shows around its content, named as the templates use it.
CHROME_NAMES = (
    "site_settings", "nav_sections", "hot_tags", "about_pages", "nav_pages", "footer_pages",
)  # fmt: skip


def site(request):
    """Site-wide pieces every page shows: settings, navigation, hot tags and the association's
    own pages (split into navigation and footer links).

    They come from news.caching.site_chrome (no query once cached for the content version).
    """
    if request.path.startswith("/admin/"):
        return {}
    chrome = site_chrome(request)
    request._nav_sections = chrome["nav_sections"]
    return {name: chrome[name] for name in CHROME_NAMES}
