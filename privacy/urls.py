from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_overview, name="overview"),
    path("export.json", views.export_json, name="export_json"),
    path("export.csv", views.export_csv, name="export_csv"),
]
