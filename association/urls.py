import posixpath

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve

from association.events.sitemaps import EVENTS_SITEMAPS
from association.members.sitemaps import MEMBERS_SITEMAPS
from association.site.sitemaps import SITEMAPS as SITE_SITEMAPS
from association.site.views import HomeView
from association.web.pagecache.scopes import scoped
from news.models import TEXTS_SCOPE

SITEMAPS = {**SITE_SITEMAPS, **MEMBERS_SITEMAPS, **EVENTS_SITEMAPS}
handler500 = "association.web.errors.server_error"

admin.site.site_header = "协会网站管理"
admin.site.site_title = "网站管理"
admin.site.index_title = "内容管理"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("", include("news.urls")),
    path("", include("association.site.urls")),
    path("members/", include("association.members.urls")),
    path("events/", include("association.events.urls")),
    path("captcha/", include("captcha.urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path(
        "sitemap.xml",
        scoped(sitemap_views.index, TEXTS_SCOPE),  # lastmod: renewed with article texts
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        scoped(sitemap_views.sitemap, TEXTS_SCOPE),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]


def serve_media(request, path):
    """Uploads without a web server in front (make serve, DEBUG), as the nginx front serves
    them: attachments go out only through /attachment/<id>/ (counted, named, public only)."""
    if posixpath.normpath(path).lstrip("/").startswith("attachments/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG or settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{prefix}(?P<path>.*)$", serve_media)]
