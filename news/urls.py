from django.urls import path

from . import views
from .search.views import SearchView

app_name = "news"

urlpatterns = [
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("section/<str:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("search/", SearchView.as_view(), name="search"),
]
