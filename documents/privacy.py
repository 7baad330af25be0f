"""A student's documents (screening, VOG, agreements): listed in the export, files and records gone on erasure."""

from functools import partial

from django.db import transaction

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import StudentDocument


@personal_data_exports.register
def export(user) -> dict:
    documents = StudentDocument.objects.filter(student__user=user).select_related("requirement")
    return {
        "documents": [
            {
                "document": d.requirement.name,
                "status": d.status,
                "expires_on": plain_value(d.expires_on),
                "has_file": bool(d.file),
            }
            for d in documents
        ]
    }


@personal_data_erasures.register
def erase(user) -> None:
    for document in StudentDocument.objects.filter(student__user=user):
        if document.file:
            # Only once the erasure is committed: a rolled-back erasure keeps its files.
            transaction.on_commit(partial(document.file.storage.delete, document.file.name))
        document.delete()
