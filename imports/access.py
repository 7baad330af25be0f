"""Who sees which import: a job is visible to the leaders of its programme (and administrators), else 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from programmes.access import programmes_for_user

from .models import ImportJob


def import_jobs_for_user(user) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(programme__in=programmes_for_user(user).values("pk")).select_related(
        "programme", "created_by"
    )


def import_job_get_for_user(*, user, public_id) -> ImportJob:
    return get_object_or_404(import_jobs_for_user(user), public_id=public_id)
