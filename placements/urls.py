from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import change_views, goal_views, group_views, setup_views, training_company_views, views

app_name = "placements"

urlpatterns = [
    path("leader/setup/programmes/<id:programme_pk>/", setup_views.programme_setup, name="programme_setup"),
    path(
        "leader/setup/programmes/<id:programme_pk>/assignments/new/",
        setup_views.assignment_create,
        name="assignment_create",
    ),
    path("leader/setup/assignments/<id:pk>/edit/", setup_views.assignment_edit, name="assignment_edit"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/export/", views.placement_export, name="placement_export"),
    path("placements/new/", views.placement_create, name="placement_create"),
    path("placements/<uuid:public_id>/", views.placement_detail, name="placement_detail"),
    path("placements/<uuid:public_id>/change/", change_views.placement_edit, name="placement_edit"),
    path("placements/<uuid:public_id>/end-early/", change_views.placement_end_early, name="placement_end_early"),
    path("placements/<uuid:public_id>/extend/", change_views.placement_extend, name="placement_extend"),
    path("placements/<uuid:public_id>/cancel/", change_views.placement_cancel, name="placement_cancel"),
    path("placements/<uuid:public_id>/start/", change_views.placement_start, name="placement_start"),
    path("placements/<uuid:public_id>/goals/new/", goal_views.learning_goal_create, name="learning_goal_create"),
    path("placements/<uuid:public_id>/goals/copy/", goal_views.learning_goals_copy, name="learning_goals_copy"),
    path("placements/<uuid:public_id>/goals/<id:goal_pk>/", goal_views.learning_goal_edit, name="learning_goal_edit"),
    path(
        "placements/<uuid:public_id>/goals/<id:goal_pk>/delete/",
        goal_views.learning_goal_delete,
        name="learning_goal_delete",
    ),
    path("placements/group/", views.placement_group_create, name="placement_group_create"),
    path("leader/project-groups/", group_views.project_group_list, name="project_group_list"),
    path("project-groups/<uuid:public_id>/", group_views.project_group_detail, name="project_group_detail"),
    path("project-groups/<uuid:public_id>/edit/", group_views.project_group_edit, name="project_group_edit"),
    path(
        "project-groups/<uuid:public_id>/presentation/",
        group_views.project_group_presentation,
        name="project_group_presentation",
    ),
    path(
        "programmes/<id:programme_pk>/training-company/",
        training_company_views.training_company,
        name="training_company",
    ),
    path("leader/supervisor-load/", views.supervisor_load, name="supervisor_load"),
    path("leader/activities/", views.activity_list, name="activity_list"),
    path("leader/activities/new/", views.activity_create, name="activity_create"),
    path("leader/activities/<id:pk>/", views.activity_attendance, name="activity_attendance"),
]
