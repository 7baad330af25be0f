from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.my_documents, name="my_documents"),
    path("documents/<id:pk>/file/", views.document_download, name="document_download"),
    path("leader/documents/", views.documents_index, name="documents_index"),
    path("leader/programmes/<id:programme_id>/documents/", views.programme_documents, name="programme_documents"),
    path(
        "leader/programmes/<id:programme_id>/documents/<id:student_id>/",
        views.student_document_record,
        name="student_document_record",
    ),
]
