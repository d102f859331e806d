from django.urls import path

from . import register, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.CalendarView.as_view(), name="calendar-month"),
    path("feed.ics", views.upcoming_ics, name="feed-ics"),
    path("registered/<str:token>/", register.registered, name="registered"),
    path("reply/<int:pk>/", register.ReplyView.as_view(), name="reply"),
    path("<str:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<str:slug>/event.ics", views.event_ics, name="event-ics"),
    path("<str:slug>/register/", register.RegisterView.as_view(), name="register"),
]
