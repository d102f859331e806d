from django.urls import path

from association.web.pagecache.scopes import scoped

from . import beacon, documents, downloads, feeds, views
from .models import TEXTS_SCOPE, article_page_scope
from .search.views import SearchView, count_search, suggest_terms

app_name = "news"

urlpatterns = [
    # Page cache scopes (news.models.articles): a body edit renews only these pages.
    path(
        "article/<int:pk>/",
        scoped(views.ArticleDetailView.as_view(), article_page_scope),
        name="article-detail",
    ),
    path("article/<int:pk>/view/", beacon.article_view, name="article-view"),
    path("attachment/<int:pk>/", downloads.attachment_download, name="attachment-download"),
    path("downloads/", documents.DocumentCentreView.as_view(), name="document-centre"),
    path("section/<str:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    path(
        "section/<str:slug>/rss/", scoped(feeds.SectionFeed(), TEXTS_SCOPE), name="section-feed-rss"
    ),
    path(
        "section/<str:slug>/atom/",
        scoped(feeds.SectionAtomFeed(), TEXTS_SCOPE),
        name="section-feed-atom",
    ),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("rss/", scoped(feeds.LatestArticlesFeed(), TEXTS_SCOPE), name="feed-rss"),
    path("atom/", scoped(feeds.LatestArticlesAtomFeed(), TEXTS_SCOPE), name="feed-atom"),
    path("search/", scoped(SearchView.as_view(), TEXTS_SCOPE), name="search"),
    path("search/count/", count_search, name="search-count"),
    path("search/suggest/", suggest_terms, name="search-suggest"),
]
