"""Who may download which student document (outside one's scope: 404)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from programmes.access import programmes_for_user

from .models import StudentDocument


def student_document_get_for_user(*, user, pk) -> StudentDocument:
    """A document with a file, if the person is its student, a leader of its programme or an admin; else 404."""
    documents = StudentDocument.objects.exclude(file="").select_related("requirement")
    if not user.is_superuser:
        led = programmes_for_user(user).values("pk")
        documents = documents.filter(Q(student__user=user) | Q(requirement__programme__in=led))
    return get_object_or_404(documents, pk=pk)
