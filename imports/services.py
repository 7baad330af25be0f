"""Writes of imports: upload and check (nothing written but the job), queue, and apply all-or-nothing.

Applying runs in a Celery task that takes the job's id. It re-checks the file (the database may have
changed since the preview), then writes every row through the domain services inside ONE transaction:
any failure rolls everything back and the job says which row failed. Progress inside that transaction
cannot be read from the job row by the polling page (it is not committed yet), so it goes to the cache;
the row gets the committed figures at each phase.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from core.uploads import validate_upload
from programmes.services import invitations_send

from .kinds import KINDS, RowFailed
from .models import ImportJob
from .parsing import ParseError, read_table
from .validation import Checked, check_table

MAX_BYTES = 5 * 1024 * 1024
PREVIEW_ROWS = 20
# A 10k-row import writes ~80k rows through the services: give its task longer than the default limit.
APPLY_TIME_LIMIT = 1800
logger = logging.getLogger(__name__)


def progress_key(job_id: int) -> str:
    return f"imports:progress:{job_id}"


def import_check(*, data: bytes, file_format: str, kind: str, programme) -> Checked:
    """Parse and check a file; raises ValidationError when the file itself cannot be read."""
    try:
        table = read_table(data, kind=file_format)
    except ParseError as exc:
        raise ValidationError(exc.message, code="parse") from exc
    return check_table(table, kind_key=kind, programme=programme)


def _preview(checked: Checked) -> list[dict]:
    return [
        {"row": number, "values": {k: "" if v is None else str(v) for k, v in row.items()}}
        for number, row in checked.rows[:PREVIEW_ROWS]
    ]


def import_job_create(*, actor, programme, kind: str, upload) -> ImportJob:
    """Check an uploaded file (type by content, size, every row) and record the result.

    Raises ValidationError, with nothing stored, when the file is unreadable (wrong type, encoding,
    empty). A readable file with row errors gives an INVALID job listing them; its file is not kept.
    """
    if kind not in KINDS:
        raise ValidationError(_("Choose what the file contains."), code="kind")
    file_format = validate_upload(upload, allowed=("csv", "xlsx"), max_bytes=MAX_BYTES)
    data = upload.read(MAX_BYTES + 1)
    checked = import_check(data=data, file_format=file_format, kind=kind, programme=programme)
    job = ImportJob(
        programme=programme,
        created_by=actor,
        kind=kind,
        file_format=file_format,
        original_name=(getattr(upload, "name", "") or "upload")[:200],
        state=ImportJob.State.VALID if checked.ok else ImportJob.State.INVALID,
        total=checked.row_count,
        errors=checked.errors,
        error_count=checked.error_count,
        preview=_preview(checked),
    )
    if checked.ok:
        job.file.save(f"{job.public_id}.{file_format}", ContentFile(data), save=False)
    job.save()
    audit_log(actor=actor, action="import.checked", instance=job, changes={"state": job.state, "rows": job.total})
    return job


def import_job_queue(*, job: ImportJob, actor, invite: bool = False) -> ImportJob:
    """Start applying a checked job in the background (once: a second call raises ValidationError). With
    `invite`, a students import e-mails each new student an invitation once it has been applied."""
    from .tasks import import_apply

    invite = invite and job.kind == ImportJob.Kind.STUDENTS
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.VALID).update(
            state=ImportJob.State.QUEUED, invite=invite
        )
        if not claimed:
            raise ValidationError(_("This import has been started already or has errors."), code="state")
        audit_log(actor=actor, action="import.queued", instance=job)
        import_apply.delay_on_commit(job.pk)
    job.refresh_from_db()
    return job


def _claim(job_id: int) -> bool:
    """Move the job to RUNNING unless another run holds it; a run that died long ago may be taken over."""
    stale = timezone.now() - timedelta(seconds=APPLY_TIME_LIMIT + 60)
    return bool(
        ImportJob.objects.filter(
            Q(state=ImportJob.State.QUEUED) | Q(state=ImportJob.State.RUNNING, started_at__lt=stale), pk=job_id
        ).update(state=ImportJob.State.RUNNING, started_at=timezone.now(), done=0)
    )


def _finish(job: ImportJob, *, state: str, done: int, errors: list[dict], error_count: int) -> None:
    job.state, job.done, job.errors, job.error_count = state, done, errors, error_count
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "done", "errors", "error_count", "finished_at"])
    if job.file:
        job.file.delete(save=False)  # the personal data in the upload is not kept once it is applied
        ImportJob.objects.filter(pk=job.pk).update(file="")
    cache.delete(progress_key(job.pk))


def _fail(job: ImportJob, message: str) -> ImportJob:
    _finish(
        job,
        state=ImportJob.State.FAILED,
        done=0,
        errors=[{"row": None, "column": "", "message": message}],
        error_count=1,
    )
    return job


def _write_rows(job: ImportJob, checked: Checked, actor) -> list:
    """Apply every row; returns what each created (a students import: each person and their cohort)."""

    def progress(count: int) -> None:
        cache.set(progress_key(job.pk), count, 3600)

    kind = KINDS[job.kind]
    return kind.apply_all(checked.rows, checked.context, programme=job.programme, actor=actor, progress=progress)


def _invite(users_where: list, actor) -> None:
    invitations_send(users_where=users_where, actor=actor, role="student")


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Apply a queued job: every row or none. Safe to call twice (a finished or running job is left alone)."""
    if not _claim(job_id):
        return None
    job = ImportJob.objects.select_related("programme__organisation", "created_by").get(pk=job_id)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        checked = import_check(data=data, file_format=job.file_format, kind=job.kind, programme=job.programme)
    except (ValidationError, OSError, ValueError) as exc:
        missing = _("The uploaded file is no longer available.")
        return _fail(job, exc.messages[0] if isinstance(exc, ValidationError) else missing)
    if not checked.ok:  # the database changed since the preview (e.g. someone added the same student)
        _finish(job, state=ImportJob.State.FAILED, done=0, errors=checked.errors, error_count=checked.error_count)
        return job
    ImportJob.objects.filter(pk=job.pk).update(total=len(checked.rows))
    job.total = len(checked.rows)
    try:
        with transaction.atomic():
            created = _write_rows(job, checked, job.created_by)
            if job.invite:
                _invite(created, job.created_by)
            audit_log(actor=job.created_by, action="import.applied", instance=job, changes={"rows": job.total})
    except RowFailed as failure:
        errors = failure.as_errors()
        _finish(job, state=ImportJob.State.FAILED, done=0, errors=errors, error_count=len(errors))
        return job
    except Exception:  # never leave a job "running" for ever: the transaction rolled back, say so
        logger.exception("import %s failed", job.pk)
        return _fail(job, _("An unexpected error stopped the import; nothing was imported. Try again later."))
    _finish(job, state=ImportJob.State.DONE, done=job.total, errors=[], error_count=0)
    return job


def import_progress(job: ImportJob) -> int:
    """Rows written so far: the committed figure, or the running transaction's figure from the cache."""
    if job.state == ImportJob.State.RUNNING:
        return min(job.total, cache.get(progress_key(job.pk), 0))
    return job.done


def import_files_purge(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Delete uploaded files of checked imports nobody applied within `older_than` (personal data).

    The job rows stay (they say what was checked); their file is gone, so they can no longer be applied.
    Returns the number of files removed. Safe to run at any time and twice.
    """
    cutoff = timezone.now() - older_than
    stale = ImportJob.objects.filter(state=ImportJob.State.VALID, created_at__lt=cutoff).exclude(file="")
    removed = 0
    for job in stale.only("pk", "file"):
        job.file.delete(save=False)
        removed += ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.VALID).update(
            file="",
            state=ImportJob.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"row": None, "column": "", "message": _("Not applied within a week; the file was deleted.")}],
            error_count=1,
        )
    return removed
