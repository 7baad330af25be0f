from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import goal_views, school_views, views

app_name = "programmes"

urlpatterns = [
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("students/<id:student_id>/messages/", views.student_messages, name="student_messages"),
    path("programmes/<id:programme_pk>/goals/", goal_views.programme_goals, name="programme_goals"),
    path("programme-goals/<id:pk>/", goal_views.programme_goal_edit, name="programme_goal_edit"),
    path("programme-goals/<id:pk>/delete/", goal_views.programme_goal_delete, name="programme_goal_delete"),
    path("programmes/<id:programme_pk>/schools/", school_views.programme_schools, name="programme_schools"),
    path(
        "programmes/<id:programme_pk>/schools/<id:school_pk>/remove/",
        school_views.programme_school_remove,
        name="programme_school_remove",
    ),
    path(
        "programmes/<id:programme_pk>/students/<id:student_id>/school/",
        school_views.student_school,
        name="student_school",
    ),
]
