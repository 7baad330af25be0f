from django.urls import path

from . import goal_views, views

app_name = "programmes"

urlpatterns = [
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("students/<int:student_id>/messages/", views.student_messages, name="student_messages"),
    path("programmes/<int:programme_pk>/goals/", goal_views.programme_goals, name="programme_goals"),
    path("programme-goals/<int:pk>/", goal_views.programme_goal_edit, name="programme_goal_edit"),
    path("programme-goals/<int:pk>/delete/", goal_views.programme_goal_delete, name="programme_goal_delete"),
]
