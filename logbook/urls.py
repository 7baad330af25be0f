from django.urls import path

from . import views

app_name = "logbook"

urlpatterns = [
    path("placements/<uuid:public_id>/logbook/", views.placement_logbook, name="placement_logbook"),
    path("logbook/<uuid:public_id>/comment/", views.entry_comment, name="entry_comment"),
    path("logbook/<uuid:public_id>/delete/", views.entry_delete, name="entry_delete"),
    path("logbook/<uuid:public_id>/photo/", views.entry_photo, name="entry_photo"),
]
