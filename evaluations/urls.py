from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.my_evaluations, name="mine"),
    path("r/<token:token>/", views.respond, name="respond"),
    path("results/", views.results_index, name="results_index"),
    path("results/<id:programme_pk>/", views.results, name="results"),
    path("results/<id:programme_pk>/csv/", views.results_csv, name="results_csv"),
    path("results/<id:programme_pk>/xlsx/", views.results_xlsx, name="results_xlsx"),
    path("results/<id:programme_pk>/requests/new/", views.requests_new, name="requests_new"),
    path("results/<id:programme_pk>/overdue/", views.overdue, name="overdue"),
    path("requests/<id:pk>/reopen/", views.request_reopen, name="request_reopen"),
    path("report/<id:cohort_pk>/", views.cohort_report, name="cohort_report"),
    path("questionnaires/new/", views.questionnaire_edit, name="questionnaire_new"),
    path("questionnaires/<id:pk>/", views.questionnaire_edit, name="questionnaire_edit"),
    path("results/<id:programme_pk>/moments/", views.moments, name="moments"),
    path("results/<id:programme_pk>/moments/new/", views.moment_new, name="moment_new"),
    path("moments/<id:pk>/", views.moment_edit, name="moment_edit"),
    path("moments/<id:pk>/delete/", views.moment_delete, name="moment_delete"),
]
