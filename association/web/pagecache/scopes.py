"""Which scope a page belongs to: the URLconf says so with scoped(view, scope).

A scope is a name the app chooses (an article's own page, say); a change that only such pages
show renews that scope's stamp (version.bump_scopes) instead of the whole site's version. The
middleware finds the page's scope from the address before it reads the version, so the version
and the stamp come in one round trip.
"""

import functools

from django.urls import Resolver404, get_resolver

_SCOPE = "page_scope"


def scoped(view, scope):
    """view, marked as a page of scope: a name, or a callable of the URL's kwargs giving one."""

    @functools.wraps(view)
    def page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    setattr(page, _SCOPE, scope)
    return page


def page_scope(request):
    """The scope of the page at this request's address, or None (the whole site's pages)."""
    resolver = get_resolver(getattr(request, "urlconf", None))
    return _scope_of(resolver, request.path_info)


@functools.lru_cache(maxsize=2048)
def _scope_of(resolver, path):
    # Keyed by the resolver too: Django makes a new one when the URLconf changes (tests).
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    scope = getattr(match.func, _SCOPE, None)
    return scope(match.kwargs) if callable(scope) else scope
