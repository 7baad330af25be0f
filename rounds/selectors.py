"""Reads of rotation rounds: role-scoped rounds, the student's ranking page and the leader's review board.

Rounds outside a person's scope are not found (404), like every other object (placements.selectors).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from notifications.models import Notification
from notifications.selectors import notifications_for_object
from placements.models import Assignment
from placements.services import placement_documents_blockers
from programmes.access import cohorts_for_user
from programmes.models import Cohort, RotationRound, Student

from . import matching
from .models import MatchingRun, MatchProposal, Preference
from .services import PUBLISHED_KIND, offered_assignments, publication_key

State = RotationRound.State


def cohorts_with_rounds(*, user) -> list[Cohort]:
    """The cohorts of the programmes the person leads, each with its rounds (3 queries)."""
    rounds = RotationRound.objects.annotate(ranked=Count("preferences__student", distinct=True)).order_by("start_date")
    return list(
        cohorts_for_user(user)
        .select_related("programme")
        .annotate(student_count=Count("students", distinct=True))
        .prefetch_related(Prefetch("rotation_rounds", queryset=rounds))
        .order_by("programme__name", "start_date")
    )


def round_get_for_student(*, student: Student, pk) -> RotationRound:
    return get_object_or_404(
        RotationRound.objects.filter(cohort__students=student).select_related("cohort__programme"), pk=pk
    )


def student_ranking(*, student: Student, rotation_round: RotationRound) -> list[Preference]:
    return list(
        Preference.objects.filter(student=student, rotation_round=rotation_round)
        .select_related("assignment__unit")
        .order_by("rank")
    )


def matching_run_latest(*, rotation_round: RotationRound) -> MatchingRun | None:
    """The round's last click on "Run matching" (what its page shows: progress, or the error)."""
    return MatchingRun.objects.filter(rotation_round=rotation_round).order_by("-created_at", "-pk").first()


def proposal_counts(*, rotation_round: RotationRound) -> dict[str, int]:
    """How many students the round's proposal has, and how many of them have an assignment (one query)."""
    return MatchProposal.objects.filter(rotation_round=rotation_round).aggregate(
        total=Count("pk"), placed=Count("assignment")
    )


@dataclass
class Fairness:
    """A round's choice figures, as whole percentages for the page."""

    students: int
    first_pct: int
    top3_pct: int
    worst_rank: int | None
    unranked: int
    unplaced: int

    @classmethod
    def of(cls, proposals) -> "Fairness | None":
        if not proposals:
            return None
        shares = matching.choice_shares(list(proposals))  # reads .rank and .assignment_id
        return cls(
            students=shares["students"],
            first_pct=round(shares["first"] * 100),
            top3_pct=round(shares["top3"] * 100),
            worst_rank=shares["worst_rank"],
            unranked=shares["unranked"],
            unplaced=shares["unplaced"],
        )


@dataclass
class HistoryItem:
    round_name: str
    rank: int | None
    placed: bool


@dataclass
class StudentRow:
    proposal: MatchProposal
    blockers: list[str] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)


@dataclass
class AssignmentGroup:
    assignment: Assignment
    rows: list[StudentRow]


@dataclass
class UnitGroup:
    name: str
    assignments: list[AssignmentGroup]


@dataclass
class ReviewBoard:
    rotation_round: RotationRound
    rows: list[StudentRow]
    units: list[UnitGroup]
    offered: list[Assignment]
    fairness: Fairness | None
    previous_round: RotationRound | None
    previous_fairness: Fairness | None

    @property
    def unplaced(self) -> list[StudentRow]:
        return [r for r in self.rows if r.proposal.assignment_id is None]

    @property
    def blocked(self) -> list[StudentRow]:
        return [r for r in self.rows if r.blockers]


def previous_round(rotation_round: RotationRound) -> RotationRound | None:
    """The cohort's latest earlier round that got as far as matching."""
    return (
        RotationRound.objects.filter(cohort_id=rotation_round.cohort_id, start_date__lt=rotation_round.start_date)
        .exclude(pk=rotation_round.pk)
        .exclude(state__in=[State.DRAFT, State.PREFERENCES_OPEN])
        .order_by("-start_date")
        .first()
    )


def _rank_history(rotation_round: RotationRound, student_ids) -> dict[int, list[HistoryItem]]:
    rows = (
        MatchProposal.objects.filter(
            rotation_round__cohort_id=rotation_round.cohort_id,
            rotation_round__start_date__lt=rotation_round.start_date,
            student_id__in=student_ids,
        )
        .exclude(rotation_round__state__in=[State.DRAFT, State.PREFERENCES_OPEN])
        .order_by("rotation_round__start_date")
        .values_list("student_id", "rotation_round__name", "rank", "assignment_id")
    )
    history: dict[int, list[HistoryItem]] = {}
    for sid, name, rank, aid in rows:
        history.setdefault(sid, []).append(HistoryItem(round_name=name, rank=rank, placed=aid is not None))
    return history


def _by_unit(rows: list[StudentRow]) -> list[UnitGroup]:
    groups: dict[int, AssignmentGroup] = {}
    for row in rows:
        assignment = row.proposal.assignment
        if assignment is not None:
            groups.setdefault(assignment.pk, AssignmentGroup(assignment=assignment, rows=[])).rows.append(row)
    units: dict[str, UnitGroup] = {}
    for group in sorted(groups.values(), key=lambda g: (g.assignment.unit.name, g.assignment.title)):
        name = group.assignment.unit.name
        units.setdefault(name, UnitGroup(name=name, assignments=[])).assignments.append(group)
    return list(units.values())


def round_review(*, rotation_round: RotationRound) -> ReviewBoard:
    """The review board of a matched round: the proposal per unit and per student with reasons,
    document blockers, rank history and fairness next to the previous round, in a fixed number of queries."""
    proposals = list(
        MatchProposal.objects.filter(rotation_round=rotation_round)
        .select_related("student__user", "assignment__unit", "assignment__default_supervisor__user")
        .order_by("student__user__name", "student_id")
    )
    placed = {p.student_id: p.assignment_id for p in proposals if p.assignment_id}
    blockers = placement_documents_blockers(assignments=placed, on_date=rotation_round.start_date)
    history = _rank_history(rotation_round, [p.student_id for p in proposals])
    rows = [
        StudentRow(proposal=p, blockers=blockers.get(p.student_id, []), history=history.get(p.student_id, []))
        for p in proposals
    ]
    previous = previous_round(rotation_round)
    previous_proposals = (
        list(MatchProposal.objects.filter(rotation_round=previous).only("rank", "assignment_id")) if previous else []
    )
    return ReviewBoard(
        rotation_round=rotation_round,
        rows=rows,
        units=_by_unit(rows),
        offered=offered_assignments(rotation_round) if rotation_round.state == State.MATCHED else [],
        fairness=Fairness.of(proposals),
        previous_round=previous,
        previous_fairness=Fairness.of(previous_proposals),
    )


@dataclass(frozen=True)
class PublicationPreview:
    """What publishing a matched round will do, shown before the leader confirms."""

    placements: int
    without_assignment: int
    students_told: int
    supervisors_told: int
    blocked: int


def publication_preview(*, rotation_round: RotationRound) -> PublicationPreview:
    """Counts in one aggregate; the e-mails are those rotation_round_publish sends (active people only)."""
    placed = Q(assignment__isnull=False)
    supervisor = "assignment__default_supervisor__user"
    counts = MatchProposal.objects.filter(rotation_round=rotation_round).aggregate(
        placements=Count("pk", filter=placed),
        without_assignment=Count("pk", filter=Q(assignment__isnull=True)),
        students_told=Count("pk", filter=placed & Q(student__user__is_active=True)),
        supervisors_told=Count(supervisor, distinct=True, filter=Q(**{f"{supervisor}__is_active": True})),
    )
    proposed = MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False)
    blockers = placement_documents_blockers(
        assignments=dict(proposed.values_list("student_id", "assignment_id")), on_date=rotation_round.start_date
    )
    return PublicationPreview(**counts, blocked=len(blockers))


def publication_told(*, rotation_round: RotationRound) -> list[Notification]:
    """The e-mails sent about a round's publication: who was told, and whether it went out."""
    return list(notifications_for_object(kind=PUBLISHED_KIND, object_key=publication_key(rotation_round)))


# --- the students' ranked preferences, for their leaders -----------------------------------------------


def preferences_of_student(*, student_id: int, programme_ids) -> list[Preference]:
    """The student's rankings in the rounds of these programmes (the ones a leader leads), per round by rank,
    the newest round first, with assignment and unit (one query)."""
    return list(
        Preference.objects.filter(student_id=student_id, rotation_round__cohort__programme__in=programme_ids)
        .select_related("rotation_round", "assignment__unit")
        .order_by("-rotation_round__start_date", "rotation_round_id", "rank")
    )


@dataclass
class RankingRow:
    """One student of a round with their ranked assignments (empty: not ranked)."""

    student: Student
    preferences: list[Preference] = field(default_factory=list)


PREFERENCES_PER_PAGE = 100


def round_rankings(*, rotation_round: RotationRound, page_number) -> tuple[Page, list[RankingRow]]:
    """One page of the round's cohort, by name, each student with their ranking in this round: three
    queries whatever the cohort's size (count, the page's students, their preferences)."""
    students = rotation_round.cohort.students.select_related("user").order_by("user__name", "pk")
    page = Paginator(students, PREFERENCES_PER_PAGE).get_page(page_number)
    rows = {student.pk: RankingRow(student=student) for student in page}
    if rows:
        for preference in (
            Preference.objects.filter(rotation_round=rotation_round, student_id__in=rows)
            .select_related("assignment__unit")
            .order_by("student_id", "rank")
        ):
            rows[preference.student_id].preferences.append(preference)
    return page, list(rows.values())


# One tuple per ranked choice straight from the database: the export writes no model instances.
PREFERENCE_EXPORT_FIELDS = (
    "student__user__name",
    "student__user__email",
    "rank",
    "assignment__title",
    "assignment__unit__name",
    "assignment__unit__organisation__name",
)


def round_preferences_for_export(*, rotation_round: RotationRound):
    """Every ranked choice of the round, by student name and rank, as tuples of PREFERENCE_EXPORT_FIELDS."""
    return (
        Preference.objects.filter(rotation_round=rotation_round)
        .order_by("student__user__name", "student_id", "rank")
        .values_list(*PREFERENCE_EXPORT_FIELDS)
    )
