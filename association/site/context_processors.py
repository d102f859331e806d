from .chrome import site_chrome

# What every page shows around its content, named as the templates use it.
CHROME_NAMES = (
    "site_settings", "nav_sections", "hot_tags", "about_pages", "nav_pages", "footer_pages",
    "nav_links",
)  # fmt: skip


def site(request):
    """Site-wide pieces every page shows: settings, navigation, hot tags and the association's
    own pages (split into navigation and footer links), from the site chrome."""
    if request.path.startswith("/admin/"):
        return {}
    chrome = site_chrome()
    return {name: chrome[name] for name in CHROME_NAMES}
