"""Reads of programmes, cohorts and rotation rounds for the role pages."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Cohort, Programme, ProgrammeSchool, RotationRound, Student

State = RotationRound.State


def cohorts_of_student(*, student_id: int) -> QuerySet[Cohort]:
    return Cohort.objects.filter(students=student_id).select_related("programme").order_by("start_date", "pk")


def rotation_rounds_ahead_for_student(*, student_id: int, today: date) -> QuerySet[RotationRound]:
    """The rounds of the student's cohorts still to come, or open for preferences, soonest first."""
    return (
        RotationRound.objects.filter(
            (Q(start_date__gt=today) & ~Q(state=State.CLOSED)) | Q(state=State.PREFERENCES_OPEN),
            cohort__students=student_id,
        )
        .only("pk", "name", "start_date", "preferences_deadline", "state")
        .order_by("start_date", "pk")
    )


def programmes_with_cohorts(*, programmes: QuerySet[Programme]) -> list[Programme]:
    """The programmes, newest first, each with its organisation and its cohorts counting their students
    (`cohort.student_count`), in two queries."""
    cohorts = Cohort.objects.annotate(student_count=Count("students")).order_by("start_date", "pk")
    return list(
        programmes.select_related("organisation")
        .prefetch_related(Prefetch("cohorts", queryset=cohorts))
        .order_by("-start_date", "pk")
    )


def rotation_rounds_coming(*, programme_ids: list[int], today: date, limit: int = 10) -> QuerySet[RotationRound]:
    """The programmes' rounds that start today or later and are not closed, soonest first."""
    return (
        RotationRound.objects.filter(cohort__programme__in=programme_ids, start_date__gte=today)
        .exclude(state=State.CLOSED)
        .select_related("cohort__programme")
        .order_by("start_date", "pk")[:limit]
    )


def programme_school_links(*, programme: Programme) -> list[ProgrammeSchool]:
    """The schools taking part in the programme, each with its number of school supervisors, one query."""
    return list(
        ProgrammeSchool.objects.filter(programme=programme)
        .select_related("school")
        .annotate(supervisor_count=Count("school__school_supervisors", distinct=True))
        .order_by("school__name")
    )


def students_of_programme(*, programme: Programme) -> QuerySet[Student]:
    """The programme's students (in one of its cohorts or placed in it) with their school and school
    supervisor, by name."""
    members = Cohort.students.through.objects.filter(cohort__programme=programme).values("student_id")
    placed = Student.objects.filter(placements__assignment__programme=programme).values("pk")
    return (
        Student.objects.filter(Q(pk__in=members) | Q(pk__in=placed))
        .select_related("user", "school", "school_supervisor__user")
        .order_by("user__name", "pk")
    )
