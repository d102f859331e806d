from django.urls import path

from . import views

app_name = "association"

urlpatterns = [
    path("about/<str:slug>/", views.PageDetailView.as_view(), name="page-detail"),
]
