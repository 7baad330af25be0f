"""Reads of the documents domain, scoped to the person asking (outside their scope: 404)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from programmes.models import Programme, Student

from .models import DocumentRequirement, StudentDocument
from .services import EXPIRY_WARNING_DAYS


@dataclass
class Cell:
    requirement: DocumentRequirement
    document: StudentDocument | None
    state: str  # ok | missing | pending | expired | expiring


@dataclass
class Row:
    student: Student
    cells: list[Cell] = field(default_factory=list)


def _state(document: StudentDocument | None, today: date) -> str:
    if document is None or document.status in (StudentDocument.Status.REQUESTED, StudentDocument.Status.REJECTED):
        return "missing"
    if document.status == StudentDocument.Status.RECEIVED:
        return "pending"
    if document.expires_on and document.expires_on < today:
        return "expired"
    if document.expires_on and document.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return "expiring"
    return "ok"


def documents_overview(*, programme: Programme, today: date) -> tuple[list[DocumentRequirement], list[Row]]:
    """Every student of the programme against every requirement (3 queries, any size)."""
    requirements = list(programme.document_requirements.all())
    students = list(
        Student.objects.filter(cohorts__programme=programme).distinct().select_related("user").order_by("user__name")
    )
    documents = {
        (d.student_id, d.requirement_id): d for d in StudentDocument.objects.filter(requirement__programme=programme)
    }
    rows = []
    for student in students:
        row = Row(student=student)
        for requirement in requirements:
            document = documents.get((student.pk, requirement.pk))
            row.cells.append(Cell(requirement, document, _state(document, today)))
        rows.append(row)
    return requirements, rows


def documents_of_student(*, student: Student, today: date) -> list[Cell]:
    """The student's own requirements (of all their programmes) with their documents (2 queries)."""
    requirements = DocumentRequirement.objects.filter(programme__cohorts__students=student).distinct()
    requirements = list(requirements.select_related("programme"))
    documents = {d.requirement_id: d for d in StudentDocument.objects.filter(student=student)}
    return [Cell(r, documents.get(r.pk), _state(documents.get(r.pk), today)) for r in requirements]


def documents_of_student_in(*, student: Student, programme_ids, today: date) -> list[Cell]:
    """The student's requirements in these programmes (the ones a leader leads) with their documents and
    their state (2 queries)."""
    requirements = DocumentRequirement.objects.filter(
        programme__in=programme_ids, programme__cohorts__students=student
    ).distinct()
    requirements = list(requirements.select_related("programme").order_by("programme__name", "name", "pk"))
    documents = {d.requirement_id: d for d in StudentDocument.objects.filter(student=student)}
    return [Cell(r, documents.get(r.pk), _state(documents.get(r.pk), today)) for r in requirements]
