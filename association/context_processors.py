from news.caching import site_chrome


def site(request):
    """Site-wide pieces every page shows: settings, navigation and hot tags.

    They come from news.caching.site_chrome (no query once cached for the content version).
    """
    if request.path.startswith("/admin/"):
        return {}
    chrome = site_chrome(request)
    request._nav_sections = chrome["nav_sections"]
    return {name: chrome[name] for name in ("site_settings", "nav_sections", "hot_tags")}


def pages(request):
    """The association's own pages, split into navigation and footer links."""
    if request.path.startswith("/admin/"):
        return {}
    about_pages = site_chrome(request)["about_pages"]
    return {
        "nav_pages": [p for p in about_pages if p.in_nav],
        "footer_pages": [p for p in about_pages if p.in_footer],
        "about_pages": about_pages,
    }
