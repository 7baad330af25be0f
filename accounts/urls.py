from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/renew/", views.calendar_renew, name="calendar_renew"),
    path("language/", views.language_switch, name="language_switch"),
]
