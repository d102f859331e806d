"""The page cache: whole pages for anonymous visitors that are never stale.

The content version (version.py)
    One record in the shared cache: a random token, the time it started ("since", the pages'
    Last-Modified) and the next scheduled publish ("until"). Every cached page and piece has the
    token in its key, so renewing the record makes all of them stale at once; old entries are
    never read again and expire. The record is renewed
      - by any save or delete of a model in PAGE_CACHE_APPS (post_save, post_delete and
        m2m_changed; a model with affects_public_pages = False is left out, and so is a change
        whose object's changes_public_pages() says no page can show it, such as saving a
        draft), again once the transaction commits;
      - by bump_content_version(), which code that changes public content without a signal
        (QuerySet.update()) calls itself;
      - on the first request after "until" (PAGE_CACHE_SCHEDULES), so a scheduled article
        appears on time with no cron and no save.

Scopes (scopes.py, version.bump_scopes)
    A page may belong to a scope, a name its app gives it (the URLconf marks the view with
    scopes.scoped(view, scope)); the middleware finds it from the address and reads the
    version and the scope's stamp in one round trip (version.current_version(scope)). A
    scoped page's key holds both tokens, its Last-Modified is the later of their times, and
    its pieces put the stamp in their names (version.scope_stamp). A change whose model's
    changes_public_pages() returns scope names instead of True renews only their stamps: no
    other page or piece goes stale. Which changes those are is the app's rule (an article's
    body edit: news/models/articles.py, OWN_PAGE_FIELDS).

The memo layers, outermost first
    1. Page files (files.py): the nginx front serves PAGE_FILES_DIR/current/<path> without
       asking Django. `current` is a symlink switched to the new version's folder the moment the
       version changes; a watcher thread per worker follows changes made on other servers.
       A scoped change removes only that scope's files (listed per scope in the folder), on
       this server at once and on the others when their watcher reads the numbered list of
       scoped changes in the shared cache.
    2. Pages (middleware.py): the whole response in this worker's memory (memo.local_pages) and
       in the shared cache, keyed by version, host, path and the query parameters that make
       another page (PAGE_CACHE_QUERY_PARAMS, PAGE_CACHE_PATH_PARAMS). Share-tracking
       parameters (PAGE_CACHE_IGNORED_PARAMS) are dropped from the key.
    3. Pieces (memo.cached_per_version): what a page renders from when the page itself is not
       cached: counts, list anchors, the site chrome, an article's parts, the header and footer
       HTML. Kept in the shared cache, in this worker's memory, or both, always under the
       version the middleware read for this request (version.request_version()).

What is never cached
    Requests carrying a session or messages cookie (editors, anyone just logged out), the
    admin and other PAGE_CACHE_EXEMPT_PREFIXES, methods other than GET and HEAD, responses that
    set a cookie or say they are private, and anything but a 200. When the cache server is
    unreachable, every page is rendered afresh and no error reaches a visitor.

Anonymous pages that were rendered read from a replica (dbrouter.public_reads) unless the
version is younger than DATABASE_REPLICA_GRACE_SECONDS.
"""
