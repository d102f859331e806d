from django.urls import path

from . import beacon, documents, downloads, feeds, views
from .search.views import SearchView, count_search, suggest_terms

app_name = "news"

urlpatterns = [
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("article/<int:pk>/view/", beacon.article_view, name="article-view"),
    path("attachment/<int:pk>/", downloads.attachment_download, name="attachment-download"),
    path("downloads/", documents.DocumentCentreView.as_view(), name="document-centre"),
    path("section/<str:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    path("section/<str:slug>/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("section/<str:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("search/", SearchView.as_view(), name="search"),
    path("search/count/", count_search, name="search-count"),
    path("search/suggest/", suggest_terms, name="search-suggest"),
]
