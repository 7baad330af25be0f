"""Writes of the evaluation domain: questionnaires and their versions, a programme's evaluation moments,
requests (per placement, moment and respondent), reminders, expiry and responses.

The batch functions (dispatch, reminders, expiry) find what is due in a fixed number of queries (plus one
per 5,000 ids where rows are read or updated by id), never one per placement; each send is a unique
Notification row, and reminder counts move by a guarded UPDATE, so every run is safe to repeat.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log, audit_log_many, diff, snapshot
from core.limits import LOOKUP_BATCH
from notifications.services import Draft, notifications_queue
from placements.models import Placement
from programmes.goal_scales import levels_of
from programmes.models import Programme, ProgrammeSchool

from . import access, messages
from .models import (
    GOAL_AUDIENCES,
    Answer,
    Audience,
    CohortReport,
    EvaluationMoment,
    EvaluationRequest,
    GoalAssessment,
    MomentQuestionnaire,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    moment_day,
    new_token,
)

REMINDER_DAYS = (7, 14)


# --- questionnaires -----------------------------------------------------------------------------


QUESTION_FIELDS = ("text", "kind", "required", "choices")


def _same_questions(version: QuestionnaireVersion, questions: list[dict]) -> bool:
    current = [tuple(getattr(q, k) for k in QUESTION_FIELDS) for q in version.questions.all()]
    return current == [tuple(q[k] for k in QUESTION_FIELDS) for q in questions]


def questionnaire_save_questions(*, questionnaire: Questionnaire, questions: list[dict], actor) -> QuestionnaireVersion:
    """Give the questionnaire these questions, in this order. A version that was sent out (has requests)
    is never changed: a new version is created instead, so old responses keep the questions they
    answered. Saving the same questions again changes nothing."""
    with transaction.atomic():
        current = questionnaire.versions.order_by("-number").first()
        if current is not None and _same_questions(current, questions):
            return current
        if current is None or current.requests.exists():
            number = (current.number + 1) if current else 1
            version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=number)
            audit_log(actor=actor, action="questionnaire.versioned", instance=version, changes={"number": number})
        else:
            version = current
            version.questions.all().delete()
        Question.objects.bulk_create(
            Question(version=version, position=i, **{k: q[k] for k in QUESTION_FIELDS}) for i, q in enumerate(questions)
        )
    return version


def _owner_errors(questionnaire: Questionnaire | None, fields: dict) -> list[str]:
    """Why these fields cannot be stored on the questionnaire (empty when they can)."""
    programme, organisation = fields.get("programme"), fields.get("organisation")
    if (programme is None) == (organisation is None):
        return [_("Choose either a programme or an organisation as owner.")]
    if questionnaire is None:
        return []
    errors = []
    if fields.get("audience", questionnaire.audience) != questionnaire.audience and (
        EvaluationRequest.objects.filter(version__questionnaire=questionnaire).exists()
        or questionnaire.moment_links.exists()
    ):
        errors.append(_("This questionnaire is sent out or in use; make a new questionnaire for another respondent."))
    links = questionnaire.moment_links.all()
    if programme is not None:
        outside = links.exclude(moment__programme=programme)
    else:
        outside = links.exclude(moment__programme__organisation=organisation)
    if outside.exists():
        errors.append(_("Moments of programmes the new owner does not cover use this questionnaire."))
    return errors


def questionnaire_save(
    *, questionnaire: Questionnaire | None, fields: dict, questions: list[dict], actor
) -> Questionnaire:
    """Create or update a questionnaire and its questions in one transaction (versioned as in
    questionnaire_save_questions). `fields` hold its name, audience, is_active and exactly one owner
    (`programme` or `organisation`); the caller checks that the actor may own it there.

    Raises ValidationError, storing nothing, when there is no question, not exactly one owner, a
    questionnaire that was sent out or is used by a moment would change respondent (its answers would be
    counted for the wrong people), or a moment of a programme the new owner does not cover uses it."""
    if not questions:
        raise ValidationError(_("A questionnaire needs at least one question."))
    with transaction.atomic():
        if questionnaire is not None:
            questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        fields = {**_owner_fields(questionnaire), **fields}
        if errors := _owner_errors(questionnaire, fields):
            raise ValidationError(errors)
        if questionnaire is None:
            questionnaire = Questionnaire.objects.create(**fields)
            audit_log(actor=actor, action="questionnaire.created", instance=questionnaire)
        else:
            before = snapshot(questionnaire, list(fields))
            for key, value in fields.items():
                setattr(questionnaire, key, value)
            questionnaire.save()
            if changes := diff(before, snapshot(questionnaire, list(fields))):
                audit_log(actor=actor, action="questionnaire.updated", instance=questionnaire, changes=changes)
        questionnaire_save_questions(questionnaire=questionnaire, questions=questions, actor=actor)
    return questionnaire


def _owner_fields(questionnaire: Questionnaire | None) -> dict:
    if questionnaire is None:
        return {}
    return {"programme": questionnaire.programme, "organisation": questionnaire.organisation}


# --- moments ------------------------------------------------------------------------------------

MOMENT_FIELDS = ("name", "placement_share", "offset_days", "due_days", "position")


def _moment_errors(*, programme: Programme, moment, fields: dict, questionnaires: dict) -> list[str]:
    errors = []
    same_name = EvaluationMoment.objects.filter(programme=programme, name=fields["name"])
    if moment is not None:
        same_name = same_name.exclude(pk=moment.pk)
    if same_name.exists():
        errors.append(_("This programme has a moment with this name already."))
    if not 0 <= fields["placement_share"] <= 100:
        errors.append(_("The moment in the placement is a percentage from 0 to 100."))
    if not -366 <= fields["offset_days"] <= 366:
        errors.append(_("Move the moment by at most a year."))
    if not 1 <= fields["due_days"] <= 366:
        errors.append(_("Give respondents from 1 to 366 days."))
    for audience, questionnaire in questionnaires.items():
        if questionnaire is None:
            continue
        if questionnaire.audience != audience:
            errors.append(_("%(q)s is not a questionnaire for this respondent.") % {"q": questionnaire.name})
        elif not access.questionnaire_usable_by(questionnaire=questionnaire, programme=programme):
            errors.append(_("%(q)s belongs to another programme.") % {"q": questionnaire.name})
    return errors


def evaluation_moment_save(
    *, programme: Programme, moment: EvaluationMoment | None, fields: dict, questionnaires: dict, actor
) -> EvaluationMoment:
    """Create or change one of the programme's evaluation moments and the questionnaire it asks each
    respondent role (`questionnaires` maps audience -> Questionnaire or None for nobody asked), audited, in
    one transaction. Requests sent already keep their questionnaire version and due date.

    Raises ValidationError (nothing stored) for a name the programme uses already, a share outside 0-100,
    an offset or period outside a year, or a questionnaire of another respondent role or of a programme or
    organisation the programme may not use."""
    fields = {key: fields[key] for key in MOMENT_FIELDS}
    with transaction.atomic():
        if moment is not None:
            moment = EvaluationMoment.objects.select_for_update().get(pk=moment.pk, programme=programme)
        if errors := _moment_errors(programme=programme, moment=moment, fields=fields, questionnaires=questionnaires):
            raise ValidationError(errors)
        before = snapshot(moment, list(fields)) if moment is not None else {}
        links_before = dict(moment.questionnaire_links.values_list("audience", "questionnaire_id")) if moment else {}
        if moment is None:
            moment = EvaluationMoment.objects.create(programme=programme, **fields)
        else:
            for key, value in fields.items():
                setattr(moment, key, value)
            moment.save()
        links = {a: q.pk for a, q in questionnaires.items() if q is not None}
        moment.questionnaire_links.exclude(audience__in=list(links)).delete()
        for audience, questionnaire_id in links.items():
            MomentQuestionnaire.objects.update_or_create(
                moment=moment, audience=audience, defaults={"questionnaire_id": questionnaire_id}
            )
        changes = diff(before, snapshot(moment, list(fields))) if before else dict(fields)
        if links != links_before:
            changes["questionnaires"] = [links_before, links]
        action = "evaluation_moment.updated" if before else "evaluation_moment.created"
        if changes or not before:
            audit_log(actor=actor, action=action, instance=moment, changes=changes)
    return moment


def evaluation_moment_delete(*, moment: EvaluationMoment, actor) -> None:
    """Delete a moment nobody was asked at yet (audited). Raises ValidationError once a request points at
    it: its answers stay comparable with the other moments'."""
    with transaction.atomic():
        moment = EvaluationMoment.objects.select_for_update().get(pk=moment.pk)
        if moment.requests.exists():
            raise ValidationError(_("People were asked at this moment already; it can no longer be deleted."))
        audit_log(actor=actor, action="evaluation_moment.deleted", instance=moment, changes={"name": moment.name})
        moment.delete()


class MomentRow(NamedTuple):
    """A moment as the batch jobs need it (plain values, one query for all moments)."""

    id: int
    programme_id: int
    name: str
    share: int
    offset_days: int
    due_days: int

    def day_in(self, start: date, end: date) -> date:
        return moment_day(start, end, share=self.share, offset_days=self.offset_days)


def _moment_rows(**filters) -> list[MomentRow]:
    return [
        MomentRow(*row)
        for row in EvaluationMoment.objects.filter(**filters)
        .order_by("programme_id", "position", "id")
        .values_list("id", "programme_id", "name", "placement_share", "offset_days", "due_days")
    ]


def _current_versions(**moment_filters) -> dict[tuple[int, str], int]:
    """The id of the newest version of each moment's active questionnaire per (moment id, audience), in one
    query. A moment without (active) questionnaire for a role asks nobody in that role."""
    filters = {f"questionnaire__moment_links__moment__{k}": v for k, v in moment_filters.items()}
    versions = {}
    for version_id, moment_id, audience in (
        QuestionnaireVersion.objects.filter(questionnaire__is_active=True, **filters)
        .order_by("questionnaire_id", "number")
        .values_list("pk", "questionnaire__moment_links__moment_id", "questionnaire__moment_links__audience")
    ):
        versions[(moment_id, audience)] = version_id
    return versions


# --- requests -----------------------------------------------------------------------------------

# Every respondent role, in the order requests are made (the name is from when there were two).
BOTH_AUDIENCES = (Audience.STUDENT, Audience.SUPERVISOR, Audience.SCHOOL_SUPERVISOR)


@dataclass
class RequestBatch:
    """What a hand-made batch did: the new requests, and how many of the chosen ones were left out why."""

    created: list = field(default_factory=list)
    existing: int = 0  # the placement had a request for that moment and respondent already
    no_supervisor: int = 0  # a (school) supervisor evaluation was asked for a placement without one
    no_questionnaire: int = 0  # the moment asks no (active) questionnaire of that respondent


@dataclass(frozen=True)
class Target:
    """What an evaluation request needs of its placement, read as one plain row (no model instances:
    at 10,000 placements building seven per placement costs more than the rest of the dispatch)."""

    placement_id: int
    student_id: int
    student_user_id: int
    supervisor_user_id: int | None
    school_supervisor_user_id: int | None  # the student's school supervisor, if their school takes part
    programme_id: int
    start_date: date
    end_date: date
    label: str  # str(placement), for the audit trail


def _target_fields() -> dict:
    # The student's school supervisor is asked only while the student's school takes part in the programme
    # (their access to the placement rests on that too, programmes.access.school_scope).
    taking_part = ProgrammeSchool.objects.filter(
        programme_id=OuterRef("assignment__programme_id"), school_id=OuterRef("student__school_id")
    )
    paths = {
        "t_placement_id": "id",
        "t_student_id": "student_id",
        "t_student_user_id": "student__user_id",
        "t_supervisor_user_id": "supervisor__user_id",
        "t_programme_id": "assignment__programme_id",
        "t_end": "end_date",
        "t_name": "student__user__name",
        "t_email": "student__user__email",
        "t_title": "assignment__title",
        "t_start": "start_date",
        "t_school_supervisor_user_id": "student__school_supervisor__user_id",
    }
    return {alias: F(path) for alias, path in paths.items()} | {"t_school_takes_part": Exists(taking_part)}


def _target(row: dict) -> Target:
    # The same text as Placement.__str__ (student @ assignment (start)), without loading the objects.
    label = f"{row['t_name'] or row['t_email']} @ {row['t_title']} ({row['t_start']:%d-%m-%Y})"
    return Target(
        placement_id=row["t_placement_id"],
        student_id=row["t_student_id"],
        student_user_id=row["t_student_user_id"],
        supervisor_user_id=row["t_supervisor_user_id"],
        school_supervisor_user_id=row["t_school_supervisor_user_id"] if row["t_school_takes_part"] else None,
        programme_id=row["t_programme_id"],
        start_date=row["t_start"],
        end_date=row["t_end"],
        label=label,
    )


def _targets(placements) -> list[Target]:
    """The placements of a queryset as Targets, in one query."""
    return [_target(row) for row in placements.select_related(None).values(**_target_fields())]


def _targets_by_id(ids) -> list[Target]:
    """Targets read by id, one query per LOOKUP_BATCH ids."""
    ids = list(ids)
    return [
        target
        for start in range(0, len(ids), LOOKUP_BATCH)
        for target in _targets(Placement.objects.filter(pk__in=ids[start : start + LOOKUP_BATCH]))
    ]


class RequestRow(NamedTuple):
    """An evaluation request before it is inserted: its columns as plain values (see Target on why)."""

    placement_id: int
    moment_id: int
    audience: str
    respondent_id: int
    version_id: int
    sent_on: date
    due_date: date
    token: str


def _requests_for(
    pairs: list[tuple[Target, MomentRow]],
    today: date,
    versions: dict,
    *,
    audiences=BOTH_AUDIENCES,
    due_date: date | None = None,
    taken: frozenset | set = frozenset(),
    batch: RequestBatch | None = None,
) -> list[RequestRow]:
    """The requests of each (placement, moment) for the respondents of these audiences that the moment asks
    a questionnaire of and that were not asked yet (`taken` holds (placement id, moment id, audience));
    `batch` (if given) counts the ones left out and why."""
    rows = []
    for target, moment in pairs:
        due = due_date or today + timedelta(days=moment.due_days)
        for audience in audiences:
            if (target.placement_id, moment.id, audience) in taken:
                if batch is not None:
                    batch.existing += 1
                continue
            user_id = _respondent(target, audience)
            version_id = versions.get((moment.id, audience))
            if user_id is None or version_id is None:
                if batch is not None:
                    batch.no_supervisor += user_id is None
                    batch.no_questionnaire += user_id is not None
                continue
            rows.append(
                RequestRow(target.placement_id, moment.id, audience, user_id, version_id, today, due, new_token())
            )
    return rows


def _respondent(target: Target, audience: str) -> int | None:
    if audience == Audience.STUDENT:
        return target.student_user_id
    if audience == Audience.SCHOOL_SUPERVISOR:
        return target.school_supervisor_user_id
    return target.supervisor_user_id


def _taken(pairs) -> set[tuple[int, int, str]]:
    """(placement id, moment id, audience) of the requests these (placement or its id, moment) pairs have
    already, one query per LOOKUP_BATCH placements."""
    placement_ids = sorted({getattr(p, "placement_id", p) for p, _moment in pairs})
    moment_ids = sorted({moment.id for _p, moment in pairs})
    return {
        row
        for start in range(0, len(placement_ids), LOOKUP_BATCH)
        for row in EvaluationRequest.objects.filter(
            placement_id__in=placement_ids[start : start + LOOKUP_BATCH], moment_id__in=moment_ids
        )
        .order_by()
        .values_list("placement_id", "moment_id", "audience")
    }


def _announce(items: list[tuple[int, int, int | None]], *, window: str, template: str) -> int:
    """Queue one message per (request id, respondent id, student id); what it shows is read when it is sent
    (evaluations.messages)."""
    return notifications_queue(
        drafts=[
            Draft(
                kind=messages.KIND,
                object_key=f"{messages.OBJECT_PREFIX}{request_id}",
                recipient_id=respondent_id,
                window=window,
                template=template,
                context={},
                student_id=student_id,
            )
            for request_id, respondent_id, student_id in items
        ]
    )


def requests_insert(rows: list[RequestRow]) -> list[tuple[int, RequestRow]]:
    """Insert the rows, skipping any (placement, moment, respondent role) that exists already (also one made
    by a concurrent run). Returns (id, row) of the rows really inserted; nothing is audited or sent.

    bulk_create(ignore_conflicts=True) sets no ids, so the inserted rows are read back and told apart by their
    tokens: each row must carry a token drawn for this call (new_token, as _requests_for does); a skipped
    row's token is then never stored, and a concurrent run's rows have tokens of their own."""
    EvaluationRequest.objects.bulk_create(
        [
            EvaluationRequest(
                placement_id=row.placement_id,
                moment_id=row.moment_id,
                audience=row.audience,
                respondent_id=row.respondent_id,
                version_id=row.version_id,
                sent_on=row.sent_on,
                due_date=row.due_date,
                token=row.token,
            )
            for row in rows
        ],
        batch_size=LOOKUP_BATCH,
        ignore_conflicts=True,
    )
    # Read back by placement (numbers, through the unique index), not by the tokens (long texts to quote).
    placement_ids = sorted({row.placement_id for row in rows})
    moment_ids = {row.moment_id for row in rows}
    inserted = {
        token: pk
        for start in range(0, len(placement_ids), LOOKUP_BATCH)
        for token, pk in EvaluationRequest.objects.filter(
            placement_id__in=placement_ids[start : start + LOOKUP_BATCH], moment_id__in=moment_ids
        )
        .order_by()
        .values_list("token", "pk")
    }
    return [(inserted[row.token], row) for row in rows if row.token in inserted]


def _insert_and_announce(rows: list[RequestRow], targets: list[Target], moments, *, actor) -> list[int]:
    """Insert the rows (requests_insert), then audit and e-mail (after commit) only the rows that were
    really inserted. Returns their ids."""
    created = requests_insert(rows)
    by_placement = {target.placement_id: target for target in targets}
    names = {moment.id: moment.name for moment in moments}
    audiences = {value: str(label) for value, label in Audience.choices}  # translated once, not per row
    audit_log_many(
        actor=actor,
        action="evaluation_request.created",
        model=EvaluationRequest,
        entries=[
            (
                pk,
                {"due": r.due_date, "moment": names[r.moment_id]},
                f"{names[r.moment_id]}, {audiences[r.audience]}: {by_placement[r.placement_id].label}",
            )
            for pk, r in created
        ],
    )
    _announce(
        [(pk, r.respondent_id, by_placement[r.placement_id].student_id) for pk, r in created],
        window="request",
        template="evaluation_request",
    )
    return [pk for pk, _ in created]


LIVE = (Placement.Status.ACTIVE, Placement.Status.COMPLETED)


def _near(moments: list[MomentRow], today: date) -> Q:
    """The placements whose day of one of these moments may fall in [today - due days, today], as
    index-friendly date ranges: exact for a moment on the first or last day, the placements running then
    otherwise (the exact day is checked in Python). Moments with the same ranges share one condition over
    their programmes: a hundred programmes with the same two moments are two conditions, not two hundred
    for PostgreSQL to test on every running placement."""
    programmes: dict[tuple, set[int]] = {}
    for moment in moments:
        shape = "end" if moment.share == 100 else "start" if moment.share == 0 else "between"
        programmes.setdefault((shape, moment.offset_days, moment.due_days), set()).add(moment.programme_id)
    near = Q(pk__in=[])
    for (shape, offset_days, due_days), programme_ids in programmes.items():
        latest = today - timedelta(days=offset_days)
        earliest = latest - timedelta(days=due_days)
        dates = {
            "end": Q(end_date__range=(earliest, latest)),
            "start": Q(start_date__range=(earliest, latest)),
            "between": Q(start_date__lte=latest, end_date__gte=earliest),
        }[shape]
        near |= Q(assignment__programme_id__in=sorted(programme_ids)) & dates
    return near


def _due_pairs(near_rows, by_programme: dict[int, list[MomentRow]], today: date) -> list[tuple[int, MomentRow]]:
    """(placement id, moment) of the near placements whose moment's day is in its due period.

    First the distinct (programme, start, end) spans with a moment due, then only their placements: a
    mid-term moment's range holds every placement running then (ten times the due ones at national scale),
    while the spans are few, a cohort's placements sharing their round's dates. Spans are looked up
    LOOKUP_BATCH at a time, each batch as three IN lists, exact matches kept."""
    spans = {}
    for programme_id, start, end in near_rows.values_list(
        "assignment__programme_id", "start_date", "end_date"
    ).distinct():
        due = [
            m for m in by_programme[programme_id] if today - timedelta(days=m.due_days) <= m.day_in(start, end) <= today
        ]
        if due:
            spans[programme_id, start, end] = due
    keys, pairs = list(spans), []
    for first in range(0, len(keys), LOOKUP_BATCH):
        batch = set(keys[first : first + LOOKUP_BATCH])
        rows = near_rows.filter(
            assignment__programme_id__in={span[0] for span in batch},
            start_date__in={span[1] for span in batch},
            end_date__in={span[2] for span in batch},
        ).values_list("pk", "assignment__programme_id", "start_date", "end_date")
        pairs += [(pk, moment) for pk, *span in rows if tuple(span) in batch for moment in spans[tuple(span)]]
    return pairs


def evaluation_dispatch_due(*, today: date | None = None, actor=None) -> int:
    """Create and e-mail, per placement, moment and respondent, the requests whose moment has come: the
    moment's day in the placement is today, or was at most the moment's due period ago (a run that was
    missed catches up; a moment added later does not ask about placements long past). A request that
    exists is never made again. Returns the count."""
    today = today or timezone.localdate()
    moments = _moment_rows()
    if not moments:
        return 0
    by_programme: dict[int, list[MomentRow]] = {}
    for moment in moments:
        by_programme.setdefault(moment.programme_id, []).append(moment)
    # Plain columns first, the rest by id: an estimate that is off (after a bulk load) must not make
    # PostgreSQL join the other tables row by row for every running placement.
    due = _due_pairs(Placement.objects.filter(_near(moments, today), status__in=LIVE).order_by(), by_programme, today)
    if not due:
        return 0
    versions = _current_versions()
    taken = _taken(due)
    # Only the placements with someone still to ask: on a moment's later days the rest is done already.
    due = [
        (pk, moment)
        for pk, moment in due
        if any((moment.id, a) in versions and (pk, moment.id, a) not in taken for a in BOTH_AUDIENCES)
    ]
    if not due:
        return 0
    targets = {target.placement_id: target for target in _targets_by_id({pk for pk, _moment in due})}
    pairs = [(targets[pk], moment) for pk, moment in due]
    with transaction.atomic():
        rows = _requests_for(pairs, today, versions, taken=taken)
        return len(_insert_and_announce(rows, list(targets.values()), moments, actor=actor))


def evaluation_dispatch_ended(*, placement_ids, today: date | None = None, actor=None) -> int:
    """The dispatch for placements that have just ended (completed by the daily job, ended early), whatever
    made them (by hand, a round, a group, an exchange): the requests of their final moments (at 100% of the
    placement) whose day has come, also when that day lies further back than the dispatch's window (an end
    recorded late). As evaluation_dispatch_due, a request that exists is never made again; those with a
    later day are left to the daily dispatch. A fixed number of queries per LOOKUP_BATCH placements.
    Returns the count."""
    today = today or timezone.localdate()
    targets = _targets_by_id(sorted(set(placement_ids)))
    programmes = {target.programme_id for target in targets}
    moments = [moment for moment in _moment_rows(programme_id__in=programmes) if moment.share == 100]
    pairs = [
        (target, moment)
        for target in targets
        for moment in moments
        if moment.programme_id == target.programme_id and moment.day_in(target.start_date, target.end_date) <= today
    ]
    if not pairs:
        return 0
    versions = _current_versions(pk__in=[moment.id for moment in moments])
    with transaction.atomic():
        rows = _requests_for(pairs, today, versions, taken=_taken(pairs))
        return len(_insert_and_announce(rows, targets, moments, actor=actor))


def evaluation_requests_ensure(
    *, placement: Placement, actor=None, today: date | None = None
) -> list[EvaluationRequest]:
    """Create the placement's missing requests of the moments that have come, as the daily dispatch does;
    once the placement has ended, also of its moments after the end (one-day exchange visits may write
    their reflection straight after the day). Safe to repeat: existing requests are kept and not announced
    again. Returns all the placement's requests."""
    today = today or timezone.localdate()
    with transaction.atomic():
        targets = _targets(Placement.objects.filter(pk=placement.pk))
        moments = _moment_rows(programme_id=placement.assignment.programme_id)
        pairs = [
            (target, moment)
            for target in targets
            for moment in moments
            if moment.day_in(target.start_date, target.end_date) <= today
            or (moment.share == 100 and target.end_date <= today)
        ]
        versions = _current_versions(programme_id=placement.assignment.programme_id)
        rows = _requests_for(pairs, today, versions, taken=_taken(pairs))
        _insert_and_announce(rows, targets, moments, actor=actor)
    return list(EvaluationRequest.objects.filter(placement=placement))


def evaluation_requests_create(
    *,
    placements,
    moment: EvaluationMoment,
    actor,
    audiences=BOTH_AUDIENCES,
    due_date: date | None = None,
    today: date | None = None,
) -> RequestBatch:
    """A leader's hand-made requests at one of the programme's moments, for a selection of its placements
    and respondent roles, in one transaction.

    Requests that exist already (for that moment) are skipped (counted in `existing`), as are supervisor
    requests for a placement without supervisor and roles the moment asks no active questionnaire of;
    everything else is created and e-mailed after commit. `due_date` defaults to the moment's period from
    today. Placements of another programme are left out. Raises ValidationError (nothing stored) when no
    role is chosen or the due date is in the past.
    """
    today = today or timezone.localdate()
    audiences = [a for a in BOTH_AUDIENCES if a in set(audiences)]
    if not audiences:
        raise ValidationError(_("Choose whom to ask: the student, the supervisor or the school supervisor."))
    if due_date is not None and due_date < today:
        raise ValidationError(_("The due date cannot be in the past."))
    batch = RequestBatch()
    (row,) = _moment_rows(pk=moment.pk)
    with transaction.atomic():
        targets = _targets(
            Placement.objects.filter(pk__in=[p.pk for p in placements], assignment__programme_id=row.programme_id)
        )
        pairs = [(target, row) for target in targets]
        rows = _requests_for(
            pairs,
            today,
            _current_versions(pk=moment.pk),
            audiences=audiences,
            due_date=due_date,
            taken=_taken(pairs),
            batch=batch,
        )
        created = _insert_and_announce(rows, targets, [row], actor=actor)
        batch.created = list(EvaluationRequest.objects.filter(pk__in=created).order_by("pk"))
        batch.existing += len(rows) - len(batch.created)  # made meanwhile by a concurrent run
    return batch


def evaluation_request_reopen(*, request: EvaluationRequest, due_date: date, actor, today: date | None = None):
    """Give an expired (or overdue) request a new due date: it is pending again, the respondent gets the
    link again (after commit) and the change is audited. A saved draft is kept.

    Raises ValidationError when the request was submitted, has no respondent any more, or the new due
    date is in the past."""
    today = today or timezone.localdate()
    with transaction.atomic():
        request = (
            EvaluationRequest.objects.select_for_update(of=("self",))
            .select_related("respondent", "placement__student__user", "placement__assignment")
            .get(pk=request.pk)
        )
        if request.state == EvaluationRequest.State.SUBMITTED:
            raise ValidationError(_("This evaluation was submitted already; it cannot be re-opened."))
        if request.respondent_id is None:
            raise ValidationError(_("The respondent's personal data was erased; this evaluation cannot be re-opened."))
        if due_date < today:
            raise ValidationError(_("The new due date cannot be in the past."))
        before = {"state": request.state, "due": request.due_date}
        request.state = EvaluationRequest.State.PENDING
        request.due_date = due_date
        request.save(update_fields=["state", "due_date"])
        audit_log(
            actor=actor,
            action="evaluation_request.reopened",
            instance=request,
            changes={"state": [before["state"], request.state], "due": [before["due"], due_date]},
        )
        _announce(
            [(request.pk, request.respondent_id, request.placement.student_id)],
            window=f"reopened-{due_date.isoformat()}",
            template="evaluation_request",
        )
    return request


def evaluation_send_reminders(*, today: date | None = None) -> int:
    """Remind respondents of pending requests 7 and 14 days after they were sent. Returns the count sent."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        for number, days in enumerate(REMINDER_DAYS, start=1):
            due = list(
                EvaluationRequest.objects.filter(
                    state=EvaluationRequest.State.PENDING,
                    sent_on__lte=today - timedelta(days=days),
                    reminder_count=number - 1,
                    due_date__gte=today,
                ).values_list("pk", "respondent_id", "placement__student_id")
            )
            ids = [item[0] for item in due]
            # Guarded UPDATE: a second run finds reminder_count moved on and selects nothing.
            for start in range(0, len(ids), LOOKUP_BATCH):
                EvaluationRequest.objects.filter(
                    pk__in=ids[start : start + LOOKUP_BATCH], reminder_count=number - 1
                ).update(reminder_count=number)
            _announce(due, window=f"reminder-{days}", template="evaluation_reminder")
            sent += len(due)
    return sent


def evaluation_expire_overdue(*, today: date | None = None) -> int:
    """Mark pending requests past their due date as expired, each audited. Returns the count."""
    today = today or timezone.localdate()
    pending, expired = EvaluationRequest.State.PENDING, EvaluationRequest.State.EXPIRED
    with transaction.atomic():
        overdue = list(
            EvaluationRequest.objects.select_for_update()
            .filter(state=pending, due_date__lt=today)
            .values_list("pk", "audience", "placement_id")
        )
        audit_log_many(
            actor=None,
            action="evaluation_request.expired",
            model=EvaluationRequest,
            entries=[
                (pk, {"state": [pending, expired]}, f"{audience}: placement {placement_id}")
                for pk, audience, placement_id in overdue
            ],
        )
        ids = [pk for pk, _, _ in overdue]
        return sum(
            EvaluationRequest.objects.filter(pk__in=ids[start : start + LOOKUP_BATCH]).update(state=expired)
            for start in range(0, len(ids), LOOKUP_BATCH)
        )


# --- responses ----------------------------------------------------------------------------------


def _check_open(request: EvaluationRequest, user, today: date) -> None:
    if request.respondent_id != user.pk:
        raise ValidationError(_("This evaluation is not yours."))
    if request.state == EvaluationRequest.State.SUBMITTED:
        raise ValidationError(_("This evaluation was submitted already; a submitted evaluation is final."))
    if request.state == EvaluationRequest.State.EXPIRED or request.due_date < today:
        raise ValidationError(_("This evaluation has expired; it can no longer be filled in."))


def _clean_answer(question: Question, raw, submit: bool) -> dict | None:
    """The answer's stored fields, or None when empty. Raises ValidationError on a bad value."""
    empty = raw in (None, "", [])
    if empty:
        if submit and question.required:
            raise ValidationError(_("Please answer: %(q)s") % {"q": question.text})
        return None
    if question.kind == Question.Kind.LIKERT:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise ValidationError(_("Choose a value from 1 to 5 for: %(q)s") % {"q": question.text})
        return {"value": value}
    if question.kind == Question.Kind.SINGLE:
        if raw not in question.choices:
            raise ValidationError(_("Choose one of the options for: %(q)s") % {"q": question.text})
        return {"choices": [raw]}
    if question.kind == Question.Kind.MULTIPLE:
        values = list(raw) if isinstance(raw, list | tuple) else [raw]
        if any(v not in question.choices for v in values):
            raise ValidationError(_("Choose from the options for: %(q)s") % {"q": question.text})
        return {"choices": values}
    return {"text": str(raw).strip()}


def _clean_goal_levels(*, request: EvaluationRequest, levels: dict | None, submit: bool) -> tuple[dict, list]:
    """The levels given for the placement's learning goals (goal id -> level on the programme's scale),
    and the errors: a level off the scale, or (on submit) a goal without a level. Other ids are ignored."""
    if request.audience not in GOAL_AUDIENCES:
        return {}, []  # the school supervisor answers the questions; the goals' levels are not theirs to give
    goals = dict(request.placement.learning_goals.values_list("pk", "description"))
    scale = levels_of(request.placement.assignment.programme.goal_scale)
    given = {pk: level for pk, level in (levels or {}).items() if pk in goals and level not in (None, "")}
    errors = [
        _("Choose one of the levels for the learning goal: %(goal)s") % {"goal": goals[pk]}
        for pk, level in given.items()
        if not scale.has(level)
    ]
    if submit and not errors and set(given) != set(goals):
        errors.append(_("Please choose a level for every learning goal."))
    return given, errors


def evaluation_response_save(
    *, request: EvaluationRequest, user, answers: dict, goals: dict | None = None, submit: bool, today=None
) -> Response:
    """Store a draft or the final response. `answers` maps question id -> raw value; `goals` maps each
    learning goal id of the placement -> its level (an int on the programme's goal scale): the supervisor's
    judgement or the student's self-assessment. Raises ValidationError (nothing stored) for someone else's,
    a submitted or an expired request, a missing required answer or goal level, or a value off the scale."""
    today = today or timezone.localdate()
    with transaction.atomic():
        request = (
            EvaluationRequest.objects.select_for_update(of=("self",))
            .select_related("placement__assignment__programme")
            .get(pk=request.pk)
        )
        _check_open(request, user, today)
        questions = list(request.version.questions.all())
        cleaned = {}
        errors = []
        for question in questions:
            try:
                cleaned[question.pk] = _clean_answer(question, answers.get(question.pk), submit)
            except ValidationError as exc:
                errors.extend(exc.messages)
        goals, goal_errors = _clean_goal_levels(request=request, levels=goals, submit=submit)
        errors.extend(goal_errors)
        if errors:
            raise ValidationError(errors)
        response, created = Response.objects.get_or_create(request=request)
        answered_before = 0 if created else response.answers.count()
        response.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(response=response, question_id=qid, **fields) for qid, fields in cleaned.items() if fields
        )
        response.goal_assessments.all().delete()
        scale = request.placement.assignment.programme.goal_scale
        GoalAssessment.objects.bulk_create(
            GoalAssessment(response=response, learning_goal_id=gid, scale=scale, level=level)
            for gid, level in goals.items()
        )
        if submit:
            response.is_final = True
            response.save(update_fields=["is_final", "updated_at"])
            request.state = EvaluationRequest.State.SUBMITTED
            request.submitted_at = timezone.now()
            request.save(update_fields=["state", "submitted_at"])
            audit_log(actor=user, action="evaluation_response.submitted", instance=request)
        else:
            response.save(update_fields=["updated_at"])
        # Who saved what and when; the answers themselves stay out of the trail (leaders read the results).
        audit_log(
            actor=user,
            action="evaluation_response.created" if created else "evaluation_response.updated",
            instance=response,
            changes={"answered": [answered_before, sum(1 for f in cleaned.values() if f)], "is_final": submit},
        )
    return response


def cohort_report_save(*, cohort, summary: str, actor) -> CohortReport:
    """Store the leader's own summary for the cohort's printable report."""
    with transaction.atomic():
        report, _created = CohortReport.objects.select_for_update().get_or_create(cohort=cohort)
        before = report.summary
        report.summary = summary
        report.save(update_fields=["summary", "updated_at"])
        audit_log(actor=actor, action="cohort_report.updated", instance=report, changes={"summary": [before, summary]})
    return report


def evaluation_requests_record(
    *, placements, moment: EvaluationMoment, sent_on: date, audiences=BOTH_AUDIENCES
) -> list[EvaluationRequest]:
    """Record, as history, the requests the placements' respondents were sent at `moment` on `sent_on`
    (seed and demo data): one per placement (of the moment's programme) and respondent role of `audiences`
    that has a respondent and an active questionnaire at the moment, pending, due `sent_on` plus the
    moment's period. A request that exists already for that placement, moment and role is kept as it is.

    Nothing is audited or e-mailed (use evaluation_requests_create for requests people should receive).
    Returns the new requests in the order they were inserted."""
    wanted = set(audiences)
    (row,) = _moment_rows(pk=moment.pk)
    with transaction.atomic():
        targets = _targets(
            Placement.objects.filter(
                pk__in=[placement.pk for placement in placements], assignment__programme_id=row.programme_id
            )
        )
        rows = _requests_for(
            [(target, row) for target in targets],
            sent_on,
            _current_versions(pk=moment.pk),
            audiences=[a for a in BOTH_AUDIENCES if a in wanted],
        )
        created = requests_insert(rows)
    return list(EvaluationRequest.objects.filter(pk__in=[pk for pk, _row in created]).order_by("pk"))
