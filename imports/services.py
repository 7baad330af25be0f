"""Writes of imports: upload (stored, then checked by the worker), remembered column mappings, queue, apply.

The web request only stores the upload (after cheap checks of its type, size and first rows) and
enqueues the check; the Celery worker reads and checks every row, with progress and a heartbeat on the
job. Applying runs in another task that takes the job's id. It re-checks the file (the database may have
changed since the preview), then writes every row through the domain services inside ONE transaction:
any failure rolls everything back and the job says which row failed. Progress inside that transaction
cannot be read from the job row by the polling page (it is not committed yet), so it goes to the cache,
with a heartbeat; the row gets the committed figures at each phase. A job whose worker died (no heartbeat
for STALL_AFTER) or whose enqueue failed is queued again by the sweep (import_jobs_sweep, every few minutes).
"""

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_log
from core.uploads import validate_upload
from programmes.services import invitations_send

from .kinds import KINDS, RowFailed
from .models import ColumnMapping, ImportJob
from .parsing import ALIASES, ParseError, compact, measure_xlsx_parts, read_table, storable
from .validation import Checked, check_table

MAX_BYTES = 5 * 1024 * 1024
PREVIEW_ROWS = 20
# A 10k-row import writes ~80k rows through the services: give its task longer than the default limit.
APPLY_TIME_LIMIT = 1800
CHECK_TIME_LIMIT = 600
STALL_AFTER = timedelta(minutes=5)  # no heartbeat for this long: the job's worker is gone
logger = logging.getLogger(__name__)


def progress_key(job_id: int) -> str:
    return f"imports:progress:{job_id}"


def heartbeat_key(job_id: int) -> str:
    return f"imports:heartbeat:{job_id}"


def headers_key(header: list[str]) -> str:
    """The key of a remembered mapping: the file's column names, compared as the matching compares them."""
    return hashlib.sha256("\x1f".join(sorted(compact(name) for name in header)).encode()).hexdigest()


def import_check(
    *,
    data: bytes,
    file_format: str,
    kind: str,
    programme,
    cohort=None,
    mapping: dict | Callable[[list[str]], dict] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Parse and check a file; raises ValidationError when the file itself cannot be read.

    `mapping`: the leader's {compact header: field}, or a function of the header giving it (a remembered one);
    `progress(rows read, rows the file seems to hold)` is called as rows are checked.
    """
    columns = [*KINDS[kind].columns, *ALIASES]
    try:
        table = read_table(data, kind=file_format, columns=columns)
        if callable(mapping):
            mapping = mapping(table.header)
        counted = (lambda rows: progress(rows, table.estimated_rows)) if progress else None
        return check_table(table, kind_key=kind, programme=programme, cohort=cohort, mapping=mapping, progress=counted)
    except ParseError as exc:
        raise ValidationError(exc.message, code="parse") from exc


def _quick_check(data: bytes, file_format: str) -> None:
    """What the web request checks itself, in milliseconds: an XLSX's parts and sizes, a CSV's first rows."""
    try:
        if file_format == "xlsx":
            measure_xlsx_parts(data)
        else:
            read_table(data, kind=file_format)
    except ParseError as exc:
        raise ValidationError(exc.message, code="parse") from exc


def _preview(kind_key: str, checked: Checked) -> list[dict]:
    columns = KINDS[kind_key].preview_columns
    return [
        {"row": number, "values": ["" if row.get(c) is None else str(row[c]) for c in columns]}
        for number, row in checked.rows[:PREVIEW_ROWS]
    ]


def _enqueue(task, job_id: int) -> None:
    """Hand a job to the broker; a broker that is down is logged and left to the sweep, never an error page."""
    try:
        task.delay(job_id)
    except Exception:
        logger.exception("import %s: enqueueing %s failed; the sweep will queue it again", job_id, task.name)


def _enqueue_on_commit(task, job_id: int) -> None:
    transaction.on_commit(lambda: _enqueue(task, job_id))


def import_job_upload(*, actor, programme, kind: str, upload, cohort=None, check: bool = True) -> ImportJob:
    """Store an uploaded file and have the worker check it (after commit). Raises ValidationError, with
    nothing stored, when the file is no CSV/XLSX, too large, or its first rows cannot be read."""
    if kind not in KINDS:
        raise ValidationError(_("Choose what the file contains."), code="kind")
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError(_("Choose a cohort of the programme."), code="cohort")
    file_format = validate_upload(upload, allowed=("csv", "xlsx"), max_bytes=MAX_BYTES)
    data = upload.read(MAX_BYTES + 1)
    _quick_check(data, file_format)
    job = ImportJob(
        programme=programme,
        created_by=actor,
        kind=kind,
        cohort=cohort if kind == ImportJob.Kind.STUDENTS else None,
        file_format=file_format,
        original_name=(getattr(upload, "name", "") or "upload")[:200],
        state=ImportJob.State.CHECKING,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        heartbeat_at=timezone.now(),
    )
    job.file.save(f"{job.public_id}.{file_format}", ContentFile(data), save=False)
    with transaction.atomic():
        job.save()
        audit_log(actor=actor, action="import.uploaded", instance=job, changes={"kind": kind})
        if check:
            from .tasks import import_check_file

            _enqueue_on_commit(import_check_file, job.pk)
    return job


def import_job_create(*, actor, programme, kind: str, upload, cohort=None) -> ImportJob:
    """Store and check a file at once (scripts and tests; the page has the worker check it)."""
    job = import_job_upload(actor=actor, programme=programme, kind=kind, upload=upload, cohort=cohort, check=False)
    import_job_check(job_id=job.pk)
    job.refresh_from_db()
    return job


def _remembered(job: ImportJob) -> Callable[[list[str]], dict]:
    def mapping(header: list[str]) -> dict:
        if job.mapping:
            return job.mapping
        found = ColumnMapping.objects.filter(
            programme_id=job.programme_id, kind=job.kind, headers_key=headers_key(header)
        ).first()
        return found.mapping if found else {}

    return mapping


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def import_job_check(*, job_id: int) -> ImportJob | None:
    """The worker's check of a stored upload: every row, with progress; records errors or the preview.

    Safe to run twice: only a job being checked is checked, and only one still being checked is written.
    """
    being_checked = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.CHECKING)
    if not being_checked.update(heartbeat_at=timezone.now(), checked=0):
        return None
    job = ImportJob.objects.select_related("programme", "cohort", "created_by").get(pk=job_id)

    def progress(rows: int, estimated: int) -> None:
        being_checked.update(checked=rows, total=max(rows, estimated), heartbeat_at=timezone.now())

    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            checked = import_check(
                data=_read(job),
                file_format=job.file_format,
                kind=job.kind,
                programme=job.programme,
                cohort=job.cohort,
                mapping=_remembered(job),
                progress=progress,
            )
        except (ValidationError, OSError, ValueError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else _("The uploaded file is not available.")
            checked = Checked()
            checked.add(None, "", message)
        except Exception:  # a bug or the time limit: say so rather than leave the job "being checked"
            logger.exception("import %s: checking failed", job.pk)
            checked = Checked()
            checked.add(None, "", _("The file could not be checked; nothing was imported. Try again later."))
        return _checked_store(job, checked)


def _checked_store(job: ImportJob, checked: Checked) -> ImportJob:
    columns = [
        {"name": storable(name), "field": field} for name, field in zip(checked.header, checked.fields, strict=True)
    ]
    mapping = {compact(c["name"]): c["field"] for c in columns if c["field"] is not None}
    state = ImportJob.State.VALID if checked.ok else ImportJob.State.INVALID
    written = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKING).update(
        state=state,
        total=checked.row_count,
        checked=checked.row_count,
        errors=checked.errors,
        error_count=checked.error_count,
        preview=_preview(job.kind, checked),
        columns=columns,
        mapping=mapping,
        heartbeat_at=timezone.now(),
        finished_at=None if checked.ok else timezone.now(),
    )
    job.refresh_from_db()
    if written and not checked.ok and not job.unknown_columns and job.file:
        job.file.delete(save=False)  # a file with row errors is uploaded again corrected; keep no personal data
        ImportJob.objects.filter(pk=job.pk).update(file="")
        job.file = ""
    if written:
        audit_log(
            actor=job.created_by, action="import.checked", instance=job, changes={"state": state, "rows": job.total}
        )
    return job


def import_job_map(*, job: ImportJob, actor, mapping: dict[str, str]) -> ImportJob:
    """The leader's field for each column of a file with unknown columns ("" = ignore): remembered for the
    next file with the same columns in the programme, and the file checked again. Raises ValidationError
    when the job cannot be mapped (its file is gone, or it is not a file with errors)."""
    kind = KINDS[job.kind]
    if job.state != ImportJob.State.INVALID or not job.file:
        raise ValidationError(_("This file can no longer be changed; upload it again."), code="state")
    names = [column["name"] for column in job.columns]
    clean = {compact(name): mapping.get(compact(name), "") for name in names}
    clean = {key: value if value in kind.columns else "" for key, value in clean.items()}
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.INVALID).update(
            state=ImportJob.State.CHECKING, mapping=clean, errors=[], error_count=0, heartbeat_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("This file can no longer be changed; upload it again."), code="state")
        ColumnMapping.objects.update_or_create(
            programme=job.programme, kind=job.kind, headers_key=headers_key(names), defaults={"mapping": clean}
        )
        audit_log(actor=actor, action="import.mapped", instance=job, changes={"mapping": clean})
        from .tasks import import_check_file

        _enqueue_on_commit(import_check_file, job.pk)
    job.refresh_from_db()
    return job


def import_job_queue(*, job: ImportJob, actor, invite: bool = False) -> ImportJob:
    """Start applying a checked job in the background (once: a second call raises ValidationError). With
    `invite`, a students import e-mails each new student an invitation once it has been applied."""
    from .tasks import import_apply

    invite = invite and job.kind == ImportJob.Kind.STUDENTS
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.VALID).update(
            state=ImportJob.State.QUEUED, invite=invite, heartbeat_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("This import has been started already or has errors."), code="state")
        audit_log(actor=actor, action="import.queued", instance=job)
        _enqueue_on_commit(import_apply, job.pk)
    job.refresh_from_db()
    return job


def _alive(job: ImportJob) -> bool:
    """A running apply beat within STALL_AFTER (its heartbeat in the cache, or its start)."""
    signs = [moment for moment in (cache.get(heartbeat_key(job.pk)), job.started_at) if moment]
    return bool(signs) and max(signs) >= timezone.now() - STALL_AFTER


def _dead_run(job_id: int) -> ImportJob | None:
    """A RUNNING job whose apply is gone: no heartbeat for STALL_AFTER and, on PostgreSQL, nobody holding
    its row (the apply's transaction locks it; a killed worker's transaction is rolled back, its lock gone)."""
    job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING).first()
    if job is None or _alive(job):
        return None
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            unlocked = ImportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id, state=job.state)
            if not unlocked.exists():
                return None
    return job


def _claim(job_id: int) -> bool:
    """Move the job to RUNNING unless another run holds it; a run whose worker died may be taken over."""
    claim = Q(state=ImportJob.State.QUEUED)
    dead = _dead_run(job_id)
    if dead:  # taken over once: a second taker finds started_at changed
        claim |= Q(state=ImportJob.State.RUNNING, started_at=dead.started_at)
    now = timezone.now()
    claimed = ImportJob.objects.filter(claim, pk=job_id).update(
        state=ImportJob.State.RUNNING, started_at=now, heartbeat_at=now, done=0
    )
    if claimed:
        cache.set(heartbeat_key(job_id), now, 3600)
        cache.delete(progress_key(job_id))
    return bool(claimed)


def _finish(job: ImportJob, *, state: str, done: int, errors: list[dict], error_count: int) -> None:
    job.state, job.done, job.errors, job.error_count = state, done, errors, error_count
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "done", "errors", "error_count", "finished_at"])
    if job.file:
        job.file.delete(save=False)  # the personal data in the upload is not kept once it is applied
        ImportJob.objects.filter(pk=job.pk).update(file="")
    cache.delete_many([progress_key(job.pk), heartbeat_key(job.pk)])


def _fail(job: ImportJob, message: str) -> ImportJob:
    _finish(
        job,
        state=ImportJob.State.FAILED,
        done=0,
        errors=[{"row": None, "column": "", "message": message}],
        error_count=1,
    )
    return job


def _beat(job_id: int, count: int | None = None) -> None:
    if count is not None:
        cache.set(progress_key(job_id), count, 3600)
    cache.set(heartbeat_key(job_id), timezone.now(), 3600)


def _write_rows(job: ImportJob, checked: Checked, actor) -> list:
    """Apply every row; returns what each created (a students import: each person and their cohort)."""
    kind = KINDS[job.kind]
    progress = lambda count: _beat(job.pk, count)  # noqa: E731
    return kind.apply_all(checked.rows, checked.context, programme=job.programme, actor=actor, progress=progress)


def _invite(users_where: list, actor) -> None:
    invitations_send(users_where=users_where, actor=actor, role="student")


def _recheck(job: ImportJob) -> Checked:
    return import_check(
        data=_read(job),
        file_format=job.file_format,
        kind=job.kind,
        programme=job.programme,
        cohort=job.cohort,
        mapping=job.mapping,
        progress=lambda rows, estimated: _beat(job.pk),
    )


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Apply a queued job: every row or none. Safe to call twice (a finished or running job is left alone).

    The transaction holds the job's row lock from the start, so a second run (a redelivered task, the
    sweep) cannot take over a live one; a killed worker's transaction rolls back, writing nothing."""
    if not _claim(job_id):
        return None
    job = ImportJob.objects.select_related("programme__organisation", "created_by", "cohort").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            checked = _recheck(job)
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
                ImportJob.objects.select_for_update().filter(pk=job.pk).first()  # held until commit: "alive"
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
    """Rows done so far: rows checked while checking; while applying, the running transaction's figure
    from the cache; else the committed figure."""
    if job.state == ImportJob.State.CHECKING:
        return job.checked
    if job.state == ImportJob.State.RUNNING:
        return min(job.total, cache.get(progress_key(job.pk), 0))
    return job.done


def import_job_stalled(job: ImportJob) -> bool:
    """A job that should be moving but shows no sign of life for STALL_AFTER (its worker died, or it was
    never handed to a worker): the page says so; the sweep queues it again."""
    if job.state == ImportJob.State.RUNNING:
        return not _alive(job)
    if job.state in (ImportJob.State.CHECKING, ImportJob.State.QUEUED):
        return job.heartbeat_at is None or job.heartbeat_at < timezone.now() - STALL_AFTER
    return False


def import_jobs_sweep() -> int:
    """Queue again every job that stalled: a check or queued apply without a heartbeat for STALL_AFTER (the
    enqueue failed, the broker lost it, the worker died) and a running apply whose worker is gone (its
    transaction rolled back: nothing was written). Returns the number queued; safe to run at any time."""
    from .tasks import import_apply, import_check_file

    now = timezone.now()
    stale = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - STALL_AFTER)
    queued = 0
    for state, task in ((ImportJob.State.CHECKING, import_check_file), (ImportJob.State.QUEUED, import_apply)):
        for pk in ImportJob.objects.filter(stale, state=state).values_list("pk", flat=True)[:100]:
            # The heartbeat moves on: the job is queued again only after another STALL_AFTER without progress.
            if ImportJob.objects.filter(stale, pk=pk, state=state).update(heartbeat_at=now):
                _enqueue(task, pk)
                queued += 1
    running = ImportJob.objects.filter(state=ImportJob.State.RUNNING, started_at__lt=now - STALL_AFTER)
    for pk in running.values_list("pk", flat=True)[:100]:
        dead = _dead_run(pk)
        if dead and ImportJob.objects.filter(pk=pk, state=dead.state, started_at=dead.started_at).update(
            state=ImportJob.State.QUEUED, heartbeat_at=now
        ):
            logger.warning("import %s: its worker stopped while applying; queued again", pk)
            _enqueue(import_apply, pk)
            queued += 1
    return queued


def import_files_purge(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Delete uploaded files of checked imports nobody applied within `older_than` (personal data).

    The job rows stay (they say what was checked); their file is gone, so they can no longer be applied.
    Returns the number of files removed. Safe to run at any time and twice.
    """
    cutoff = timezone.now() - older_than
    unapplied = [ImportJob.State.VALID, ImportJob.State.INVALID]  # an invalid one kept for its column mapping
    stale = ImportJob.objects.filter(state__in=unapplied, created_at__lt=cutoff).exclude(file="")
    removed = 0
    for job in stale.only("pk", "file"):
        job.file.delete(save=False)
        removed += ImportJob.objects.filter(pk=job.pk, state__in=unapplied).update(
            file="",
            state=ImportJob.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"row": None, "column": "", "message": _("Not applied within a week; the file was deleted.")}],
            error_count=1,
        )
    return removed
