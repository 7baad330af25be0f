from django.urls import path

import core.converters  # noqa: F401 (registers the <token:...> converter)

from . import views

app_name = "accounts"

urlpatterns = [
    path("calendar/<token:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/renew/", views.calendar_renew, name="calendar_renew"),
    path("language/", views.language_switch, name="language_switch"),
]
