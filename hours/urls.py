from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import views

app_name = "hours"

urlpatterns = [
    path("placements/<uuid:public_id>/hours/", views.placement_hours, name="placement_hours"),
    path("hours/weeks/<id:pk>/review/", views.week_review, name="week_review"),
    path("leader/programmes/<id:programme_id>/hours/", views.programme_hours, name="programme_hours"),
    path(
        "leader/programmes/<id:programme_id>/hours/export/",
        views.programme_hours_export,
        name="programme_hours_export",
    ),
]
