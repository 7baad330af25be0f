from django.urls import path

from . import views, views_rounds

app_name = "placements"

urlpatterns = [
    path("student/", views.student_assignment, name="student_assignment"),
    path("supervisor/", views.supervisor_students, name="supervisor_students"),
    path("leader/", views.leader_dashboard, name="leader_dashboard"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/export/", views.placement_export, name="placement_export"),
    path("placements/new/", views.placement_create, name="placement_create"),
    path("placements/<uuid:public_id>/", views.placement_detail, name="placement_detail"),
    path("placements/group/", views_rounds.placement_group_create, name="placement_group_create"),
    path("leader/rounds/", views_rounds.round_list, name="round_list"),
    path("leader/rounds/new/", views_rounds.round_create, name="round_create"),
    path("leader/rounds/<int:pk>/", views_rounds.round_detail, name="round_detail"),
    path("leader/rounds/<int:pk>/state/", views_rounds.round_set_state, name="round_set_state"),
    path("leader/rounds/<int:pk>/match/", views_rounds.round_match, name="round_match"),
    path("leader/rounds/<int:pk>/move/", views_rounds.round_move, name="round_move"),
    path("leader/rounds/<int:pk>/publish/", views_rounds.round_publish, name="round_publish"),
    path("student/rounds/<int:pk>/preferences/", views_rounds.student_preferences, name="student_preferences"),
    path("leader/activities/", views.activity_list, name="activity_list"),
    path("leader/activities/new/", views.activity_create, name="activity_create"),
    path("leader/activities/<int:pk>/", views.activity_attendance, name="activity_attendance"),
]
