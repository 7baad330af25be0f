from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import views

app_name = "dashboards"

urlpatterns = [
    path("student/", views.student_assignment, name="student_assignment"),
    path("supervisor/", views.supervisor_students, name="supervisor_students"),
    path("leader/", views.leader_dashboard, name="leader_dashboard"),
    path("school/", views.school_students, name="school_students"),
    path("sbb/", views.sbb_adviser, name="sbb_adviser"),
    path("leader/students/<id:student_id>/", views.student_detail, name="student_detail"),
    path("leader/cohorts/<id:cohort_id>/", views.cohort_detail, name="cohort_detail"),
]
