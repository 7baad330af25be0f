from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import goal_views, school_views, setup_views, views

app_name = "programmes"

urlpatterns = [
    path("leader/setup/", setup_views.setup_index, name="setup_index"),
    path("leader/setup/programmes/new/", setup_views.programme_create, name="programme_create"),
    path("leader/setup/programmes/<id:programme_pk>/edit/", setup_views.programme_edit, name="programme_edit"),
    path("leader/setup/programmes/<id:programme_pk>/cohorts/new/", setup_views.cohort_create, name="cohort_create"),
    path("leader/setup/cohorts/<id:pk>/edit/", setup_views.cohort_edit, name="cohort_edit"),
    path("leader/setup/programmes/<id:programme_pk>/units/new/", setup_views.unit_create, name="unit_create"),
    path("leader/setup/programmes/<id:programme_pk>/units/<id:pk>/edit/", setup_views.unit_edit, name="unit_edit"),
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
