from django.urls import path

import core.converters  # noqa: F401 (registers the <token:...> converter)

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.my_evaluations, name="mine"),
    path("r/<token:token>/", views.respond, name="respond"),
    path("results/", views.results_index, name="results_index"),
    path("results/<int:programme_pk>/", views.results, name="results"),
    path("results/<int:programme_pk>/csv/", views.results_csv, name="results_csv"),
    path("results/<int:programme_pk>/xlsx/", views.results_xlsx, name="results_xlsx"),
    path("results/<int:programme_pk>/requests/new/", views.requests_new, name="requests_new"),
    path("results/<int:programme_pk>/overdue/", views.overdue, name="overdue"),
    path("requests/<int:pk>/reopen/", views.request_reopen, name="request_reopen"),
    path("report/<int:cohort_pk>/", views.cohort_report, name="cohort_report"),
    path("questionnaires/new/", views.questionnaire_edit, name="questionnaire_new"),
    path("questionnaires/<int:pk>/", views.questionnaire_edit, name="questionnaire_edit"),
    path("results/<int:programme_pk>/moments/", views.moments, name="moments"),
    path("results/<int:programme_pk>/moments/new/", views.moment_new, name="moment_new"),
    path("moments/<int:pk>/", views.moment_edit, name="moment_edit"),
    path("moments/<int:pk>/delete/", views.moment_delete, name="moment_delete"),
]
