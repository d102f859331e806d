from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("apply/thanks/", views.ApplyThanksView.as_view(), name="apply-thanks"),
    path("apply/form.docx", views.application_form_docx, name="application-form-docx"),
    path(
        "applications/<int:pk>/<str:which>/",
        views.document_download,
        name="application-document",
    ),
    path("<str:slug>/", views.MemberDetailView.as_view(), name="member-detail"),
]
