"""Writes and checks of the documents domain: screening, VOG and placement agreements.

A student may not start at a unit that requires a document unless an approved copy is valid on the
placement's start date. documents_blockers is the one place that decides this; placements ask it when a
placement becomes active (placements.services.placement_check_documents), and rounds before publishing.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_log, diff
from notifications.services import notification_queue
from programmes.models import Student

from .models import DocumentRequirement, StudentDocument

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Magic bytes of the accepted file types; the browser's claimed type and the extension are not trusted.
MAGIC = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}
EXPIRY_WARNING_DAYS = 30


def document_file_check(*, upload) -> tuple[str, str]:
    """Return (content type, extension) of an acceptable upload; raise ValidationError otherwise."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)d MB); the maximum is 10 MB.") % {"size": upload.size // (1024 * 1024)},
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    raise ValidationError(_("Only PDF, JPG and PNG files are accepted."), code="file_type")


def _reasons(*, requirements, documents_by_requirement: dict, on_date: date, today: date) -> list[str]:
    """The reasons in words; an expiry date still to come reads "expires on", only a past one "expired on"."""
    reasons = []
    for requirement in requirements:
        document = documents_by_requirement.get(requirement.pk)
        if document is None or document.status in (StudentDocument.Status.REQUESTED, StudentDocument.Status.REJECTED):
            reasons.append(_("%(name)s is missing.") % {"name": requirement.name})
        elif document.status != StudentDocument.Status.APPROVED:
            reasons.append(_("%(name)s has not been approved yet.") % {"name": requirement.name})
        elif document.expires_on is not None and document.expires_on < on_date:
            expiry = date_format(document.expires_on, "SHORT_DATE_FORMAT")
            if document.expires_on < today:
                reasons.append(_("%(name)s expired on %(date)s.") % {"name": requirement.name, "date": expiry})
            else:
                reasons.append(
                    _("%(name)s expires on %(date)s, before the start on %(start)s.")
                    % {"name": requirement.name, "date": expiry, "start": date_format(on_date, "SHORT_DATE_FORMAT")}
                )
    return reasons


def documents_blockers(
    *, starts: dict[int, tuple[int, str]], on_date: date, today: date | None = None
) -> dict[int, list[str]]:
    """Why each student may not start on `on_date` (2 queries, any size); `today` (default: the local date)
    tells an expiry still to come from one past.

    `starts` maps a student id to where they would start: (programme id, organisation kind of the unit).
    Returns {student_id: [reasons]} for blocked students only.
    """
    if not starts:
        return {}
    requirements = defaultdict(list)
    for requirement in DocumentRequirement.objects.filter(programme_id__in={p for p, _kind in starts.values()}):
        requirements[requirement.programme_id].append(requirement)
    documents = defaultdict(dict)
    for document in StudentDocument.objects.filter(student_id__in=starts.keys()):
        documents[document.student_id][document.requirement_id] = document
    today = today or timezone.localdate()
    blockers = {}
    for student_id, (programme_id, organisation_kind) in starts.items():
        applicable = [r for r in requirements[programme_id] if r.applies_to(organisation_kind)]
        reasons = _reasons(
            requirements=applicable, documents_by_requirement=documents[student_id], on_date=on_date, today=today
        )
        if reasons:
            blockers[student_id] = reasons
    return blockers


def student_document_check(*, student, requirement, status: str, expires_on: date | None) -> None:
    """The rules of a document record, also used by forms for their messages. Raises ValidationError."""
    if not student.cohorts.filter(programme_id=requirement.programme_id).exists():
        raise ValidationError(_("This student is not in the programme of that requirement."), code="programme")
    if status not in StudentDocument.Status.values:
        raise ValidationError(_("Unknown status."), code="status")
    if status == StudentDocument.Status.APPROVED and requirement.validity_days and expires_on is None:
        raise ValidationError(
            _("Enter the expiry date of an approved %(name)s.") % {"name": requirement.name}, code="expiry"
        )


def _state(document: StudentDocument) -> dict:
    expires_on = document.expires_on.isoformat() if document.expires_on else None
    return {"status": document.status, "expires_on": expires_on, "file": document.file.name or ""}


@transaction.atomic
def student_document_record(
    *,
    student: Student,
    requirement: DocumentRequirement,
    status: str,
    expires_on: date | None = None,
    upload=None,
    actor=None,
) -> StudentDocument:
    """Record a student's document status (and optionally its file); audited. Raises ValidationError."""
    student_document_check(student=student, requirement=requirement, status=status, expires_on=expires_on)
    content_type = None
    if upload is not None:
        content_type, extension = document_file_check(upload=upload)
    document, created = StudentDocument.objects.select_for_update().get_or_create(
        student=student, requirement=requirement
    )
    before = {} if created else _state(document)
    document.status = status
    document.expires_on = expires_on
    if upload is not None:
        if document.file:
            document.file.delete(save=False)
        document.file.save(f"upload.{extension}", upload, save=False)
        document.content_type = content_type
    document.save()
    audit_log(
        actor=actor,
        action="student_document.created" if created else "student_document.updated",
        instance=document,
        changes=diff(before, _state(document)),
    )
    return document


def student_document_upload(*, student: Student, requirement: DocumentRequirement, upload, actor=None):
    """A student hands in a document: the file is stored and the status becomes 'received'."""
    existing = StudentDocument.objects.filter(student=student, requirement=requirement).first()
    if existing and existing.status == StudentDocument.Status.APPROVED:
        raise ValidationError(_("This document has already been approved; ask your project leader to change it."))
    return student_document_record(
        student=student, requirement=requirement, status=StudentDocument.Status.RECEIVED, upload=upload, actor=actor
    )


def documents_warn_expiring(*, today: date) -> int:
    """Warn each programme's leaders of approved documents expiring within 30 days; safe to run twice."""
    until = today + timedelta(days=EXPIRY_WARNING_DAYS)
    documents = (
        StudentDocument.objects.filter(
            status=StudentDocument.Status.APPROVED, expires_on__gte=today, expires_on__lte=until
        )
        .select_related("student__user", "requirement__programme")
        .prefetch_related("requirement__programme__leaders")
    )
    sent = 0
    with transaction.atomic():
        for document in documents:
            for leader in document.requirement.programme.leaders.all():
                sent += bool(
                    notification_queue(
                        kind="document.expiring",
                        object_key=f"student_document:{document.pk}",
                        recipient=leader,
                        window=f"expires-{document.expires_on.isoformat()}",
                        template="documents_expiring",
                        context={
                            "student": str(document.student),
                            "document": document.requirement.name,
                            "programme": document.requirement.programme.name,
                            "expires_on": document.expires_on.isoformat(),  # in the recipient's language
                        },
                        student=document.student,
                    )
                )
    return sent
