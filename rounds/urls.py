from django.urls import path

from . import views

app_name = "rounds"

urlpatterns = [
    path("leader/rounds/", views.round_list, name="round_list"),
    path("leader/rounds/new/", views.round_create, name="round_create"),
    path("leader/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("leader/rounds/<int:pk>/state/", views.round_set_state, name="round_set_state"),
    path("leader/rounds/<int:pk>/match/", views.round_match, name="round_match"),
    path("leader/rounds/<int:pk>/matching/", views.round_matching_progress, name="round_matching_progress"),
    path("leader/rounds/<int:pk>/move/", views.round_move, name="round_move"),
    path("leader/rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("leader/rounds/<int:pk>/preferences/", views.round_preferences_export, name="round_preferences_export"),
    path("student/rounds/<int:pk>/preferences/", views.student_preferences, name="student_preferences"),
]
