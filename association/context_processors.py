from news.caching import site_chrome


def site(request):
    """Site-wide pieces every page shows: settings, navigation and hot tags.

    They come from news.caching.site_chrome (no query once cached for the content version).
    """
    if request.path.startswith("/admin/"):
        return {}
    chrome = site_chrome(request)
    request._nav_sections = chrome["nav_sections"]
    return chrome
