from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import setup_views, views

app_name = "rounds"

urlpatterns = [
    path("leader/rounds/", views.round_list, name="round_list"),
    path("leader/rounds/new/", views.round_create, name="round_create"),
    path("leader/rounds/<id:pk>/", views.round_detail, name="round_detail"),
    path("leader/rounds/<id:pk>/edit/", setup_views.round_edit, name="round_edit"),
    path("leader/setup/cohorts/<id:pk>/rounds/propose/", setup_views.rounds_propose, name="rounds_propose"),
    path("leader/rounds/<id:pk>/state/", views.round_set_state, name="round_set_state"),
    path("leader/rounds/<id:pk>/match/", views.round_match, name="round_match"),
    path("leader/rounds/<id:pk>/matching/", views.round_matching_progress, name="round_matching_progress"),
    path("leader/rounds/<id:pk>/move/", views.round_move, name="round_move"),
    path("leader/rounds/<id:pk>/publish/", views.round_publish, name="round_publish"),
    path("leader/rounds/<id:pk>/preferences/", views.round_preferences_export, name="round_preferences_export"),
    path("student/rounds/<id:pk>/preferences/", views.student_preferences, name="student_preferences"),
]
