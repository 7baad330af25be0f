from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_new, name="import_new"),
    path("<uuid:public_id>/", views.import_detail, name="import_detail"),
    path("<uuid:public_id>/progress/", views.import_progress, name="import_progress"),
    path("<uuid:public_id>/apply/", views.import_apply, name="import_apply"),
    path("<uuid:public_id>/columns/", views.import_map, name="import_map"),
]
