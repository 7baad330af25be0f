"""Writes of programmes and their people: inviting students and supervisors, creating students in bulk,
the schools taking part in a programme, a student's school and school supervisor, and the school
supervisor and SBB adviser roles.

Every function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule is
broken, and writes nothing in that case.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import invitation_url_path, users_create
from audit.services import audit_log, audit_log_many, diff, save_audited, snapshot
from core.limits import LOOKUP_BATCH
from notifications.services import Draft, notifications_queue
from organisations.models import Organisation

from .goal_scales import GoalScale
from .models import (
    Cohort,
    ExchangeCoordinator,
    Professional,
    Programme,
    ProgrammeGoal,
    ProgrammeLeader,
    ProgrammeSchool,
    SbbAdviser,
    SchoolSupervisor,
    Student,
    Supervisor,
)


def invitations_send(*, users_where: list[tuple[User, str]], actor, role: str) -> int:
    """E-mail each (user, where they are invited to) their set-password link, once per person (the message's
    key is the user), and audit it; in bulk, inside the transaction that created the people (after commit
    the e-mails go out). Returns how many invitations were queued."""
    drafts, entries = [], []
    for user, where in users_where:
        context = {"path": invitation_url_path(user=user), "inviter": actor.name, "role": role, "where": where}
        drafts.append(Draft("invitation", f"user:{user.pk}", user.pk, "once", "invitation", context))
        entries.append((user.pk, {"email": user.email, "role": role, "where": where}, str(user)))
    queued = notifications_queue(drafts=drafts)
    audit_log_many(actor=actor, action="user.invited", model=User, entries=entries)
    return queued


@transaction.atomic
def invitation_create(
    *, actor, name: str, email: str, role: str, cohort=None, unit=None, school=None, level: str = ""
) -> User:
    """Create the person (no usable password), their role row and a verified address, and e-mail an invitation.

    Raises ValidationError when the address belongs to someone already, or the school does not take part in
    the cohort's programme. Everything or nothing is written.
    """
    if role == "student" and school is not None:
        _check_school_of(programme_id=cohort.programme_id, school=school)
    (user,) = users_create(people=[(name, email)], language=getattr(actor, "language", "nl") or "nl")
    if role == "student":
        profile = Student.objects.create(user=user, school=school, level=level)
        cohort.students.add(profile)
        where = str(cohort)
    else:
        profile = Supervisor.objects.create(user=user)
        profile.units.add(unit)
        where = str(unit)
    invitations_send(users_where=[(user, where)], actor=actor, role=role)
    return user


@dataclass(frozen=True)
class NewStudent:
    """One person to create with a student profile (see students_create)."""

    name: str
    email: str
    cohort: Cohort | None = None
    school: Organisation | None = None  # a school organisation
    school_supervisor: SchoolSupervisor | None = None  # a person of that school
    study_programme: str = ""
    level: str = ""
    expected_graduation: date | None = None


def students_create(*, students: list[NewStudent], actor=None) -> list[Student]:
    """Create people with a student profile (no usable password: they set one from an invitation), each
    added to their cohort and audited, in a fixed number of statements per 2,000 people: an import of a
    national cohort takes seconds, not ten queries per person.

    The accounts come from accounts.services.users_create; raises its ValidationError, writing nothing,
    when an address is given twice or belongs to someone already; raises ValidationError too for a school
    that is no school organisation or a school supervisor of another school.
    """
    for new in students:
        _check_school(school=new.school, school_supervisor=new.school_supervisor)
    with transaction.atomic():
        users = users_create(people=[(new.name, new.email) for new in students])
        profiles = Student.objects.bulk_create(
            [
                Student(
                    user=user,
                    school=new.school,
                    school_supervisor=new.school_supervisor,
                    study_programme=new.study_programme,
                    level=new.level,
                    expected_graduation=new.expected_graduation,
                )
                for new, user in zip(students, users, strict=True)
            ],
            batch_size=LOOKUP_BATCH,
        )
        Cohort.students.through.objects.bulk_create(
            [
                Cohort.students.through(cohort_id=new.cohort.pk, student_id=profile.pk)
                for new, profile in zip(students, profiles, strict=True)
                if new.cohort is not None
            ],
            batch_size=LOOKUP_BATCH,
        )
        audit_log_many(
            actor=actor,
            action="student.created",
            model=Student,
            entries=[(profile.pk, snapshot(profile), str(profile)) for profile in profiles],
        )
    return profiles


# --- setting up a programme and its cohorts (the leader's set-up pages) -------------------------------

PROGRAMME_FIELDS = [
    "name",
    "kind",
    "organisation",
    "description",
    "start_date",
    "end_date",
    "rotation_length",
    "rotation_length_unit",
    "funding",
]


def _programme_check(*, values: dict, exclude_id=None) -> dict:
    values["name"] = values["name"].strip()
    errors = {}
    if not values["name"]:
        errors["name"] = _("A programme needs a name.")
    elif Programme.objects.filter(name__iexact=values["name"]).exclude(pk=exclude_id).exists():
        errors["name"] = _("There is a programme with this name already.")
    if values["end_date"] < values["start_date"]:
        errors["end_date"] = _("The end date must not be before the start date.")
    if not 1 <= values["rotation_length"] <= 1000:
        errors["rotation_length"] = _("Enter a rotation length between 1 and 1,000.")
    if values["organisation"].kind == Organisation.Kind.SCHOOL:
        errors["organisation"] = _("A programme is run by an organisation that offers placements, not a school.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def programme_create(*, actor, **values) -> Programme:
    """Create a programme (kind, organisation, period, funding, rotation length) with the person who creates
    it as its project leader, both audited. Raises ValidationError per field (nothing written) for a taken
    name, an end before the start, an impossible rotation length or a school as its organisation."""
    values = _programme_check(values={field: values[field] for field in PROGRAMME_FIELDS})
    try:
        with transaction.atomic():
            programme = Programme.objects.create(**values)
    except IntegrityError as exc:  # a concurrent request took the name
        raise ValidationError({"name": _("There is a programme with this name already.")}) from exc
    grant = ProgrammeLeader.objects.create(programme=programme, user=actor)
    audit_log(actor=actor, action="programme.created", instance=programme, changes=snapshot(programme))
    audit_log(actor=actor, action="leader_grant.granted", instance=grant, changes=snapshot(grant))
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, actor, **values) -> Programme:
    """Change a programme's set-up fields (the same checks as programme_create), audited with what changed.
    Rounds made already keep their dates: the rotation length counts for rounds proposed from now on."""
    values = _programme_check(values={field: values[field] for field in PROGRAMME_FIELDS}, exclude_id=programme.pk)
    save_audited(instance=programme, values=values, actor=actor, action="programme.updated")
    return programme


def _cohort_check(*, programme: Programme, name: str, start_date: date, exclude_id=None) -> str:
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = _("A cohort needs a name.")
    elif Cohort.objects.filter(programme=programme, name__iexact=name).exclude(pk=exclude_id).exists():
        errors["name"] = _("The programme has a cohort with this name already.")
    if not programme.start_date <= start_date <= programme.end_date:
        errors["start_date"] = _("The cohort starts within the programme's period (%(start)s to %(end)s).") % {
            "start": date_format(programme.start_date),
            "end": date_format(programme.end_date),
        }
    if errors:
        raise ValidationError(errors)
    return name


@transaction.atomic
def cohort_create(*, programme: Programme, name: str, start_date: date, students=(), actor) -> Cohort:
    """Create a cohort of the programme with its members, audited. Raises ValidationError per field (nothing
    written) for an empty or taken name or a start outside the programme's period."""
    name = _cohort_check(programme=programme, name=name, start_date=start_date)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(programme=programme, name=name, start_date=start_date)
    except IntegrityError as exc:  # a concurrent request took the name
        raise ValidationError({"name": _("The programme has a cohort with this name already.")}) from exc
    cohort.students.set(students)
    changes = snapshot(cohort) | {"students": sorted(str(student) for student in students)}
    audit_log(actor=actor, action="cohort.created", instance=cohort, changes=changes)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, name: str, start_date: date, students, actor) -> Cohort:
    """Rename, move or change the members of a cohort (the same checks as cohort_create); the audit entry
    names who joined and who left. A member who leaves keeps their placements."""
    name = _cohort_check(programme=cohort.programme, name=name, start_date=start_date, exclude_id=cohort.pk)
    before = snapshot(cohort, ["name", "start_date"])
    had = {student.pk: str(student) for student in cohort.students.select_related("user")}
    cohort.name, cohort.start_date = name, start_date
    cohort.save(update_fields=["name", "start_date"])
    cohort.students.set(students)
    changes = diff(before, snapshot(cohort, ["name", "start_date"]))
    now = {student.pk: str(student) for student in students}
    if joined := sorted(now[pk] for pk in now.keys() - had.keys()):
        changes["joined"] = joined
    if left := sorted(had[pk] for pk in had.keys() - now.keys()):
        changes["left"] = left
    if changes:
        audit_log(actor=actor, action="cohort.updated", instance=cohort, changes=changes)
    return cohort


# --- the programme's learning goal scale and standard goals ------------------------------------------


@transaction.atomic
def programme_required_hours_set(*, programme: Programme, required_hours: int | None, actor=None) -> Programme:
    """Set (or clear, with None) the hours a student must complete per placement of the programme. Audited."""
    if required_hours is not None and not 0 < required_hours <= 10_000:
        raise ValidationError(_("Enter a number of hours between 1 and 10,000."), code="bounds")
    before = programme.required_hours
    programme.required_hours = required_hours
    programme.save(update_fields=["required_hours"])
    audit_log(
        actor=actor,
        action="programme.required_hours_set",
        instance=programme,
        changes={"required_hours": [before, required_hours]},
    )
    return programme


@transaction.atomic
def programme_goal_scale_set(*, programme: Programme, scale: str, actor) -> Programme:
    """Assess the programme's learning goals on `scale` from now on; levels given before keep the scale
    they were given on. Raises ValidationError for an unknown scale."""
    if scale not in GoalScale.values:
        raise ValidationError(_("Choose one of the scales."), code="scale")
    before = programme.goal_scale
    if scale != before:
        programme.goal_scale = scale
        programme.save(update_fields=["goal_scale"])
        audit_log(
            actor=actor,
            action="programme.goal_scale_changed",
            instance=programme,
            changes={"goal_scale": [before, scale]},
        )
    return programme


def _standard_goal_check(*, programme: Programme, description: str, exclude_id=None) -> str:
    description = description.strip()
    if not description:
        raise ValidationError(_("Describe the learning goal."), code="goal_empty")
    if programme.standard_goals.filter(description=description).exclude(pk=exclude_id).exists():
        raise ValidationError(_("The programme has this standard goal already."), code="goal_twice")
    return description


@transaction.atomic
def programme_goal_create(*, programme: Programme, description: str, actor) -> ProgrammeGoal:
    """Add a standard learning goal at the end of the programme's list. Raises ValidationError for an
    empty or repeated goal (the unique constraint is the backstop)."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one position per goal
    description = _standard_goal_check(programme=programme, description=description)
    position = (programme.standard_goals.aggregate(last=Max("position"))["last"] or 0) + 1
    goal = ProgrammeGoal.objects.create(programme=programme, description=description, position=position)
    audit_log(actor=actor, action="programme_goal.created", instance=goal, changes=snapshot(goal))
    return goal


@transaction.atomic
def programme_goal_update(*, goal: ProgrammeGoal, description: str, actor) -> ProgrammeGoal:
    """Reword a standard goal; goals copied onto placements before keep their wording."""
    before = snapshot(goal)
    goal.description = _standard_goal_check(programme=goal.programme, description=description, exclude_id=goal.pk)
    goal.save(update_fields=["description"])
    audit_log(actor=actor, action="programme_goal.updated", instance=goal, changes=diff(before, snapshot(goal)))
    return goal


@transaction.atomic
def programme_goal_delete(*, goal: ProgrammeGoal, actor) -> None:
    """Remove a standard goal from the list; placements that have a copy keep it."""
    audit_log(actor=actor, action="programme_goal.deleted", instance=goal, changes=snapshot(goal))
    goal.delete()


# --- schools: taking part in a programme, a student's school and school supervisor ------------------


def _check_school(*, school, school_supervisor=None) -> None:
    if school is not None and school.kind != Organisation.Kind.SCHOOL:
        raise ValidationError(_("%(name)s is not a school.") % {"name": school.name}, code="not_a_school")
    if school_supervisor is not None and (school is None or school_supervisor.school_id != school.pk):
        raise ValidationError(
            _("%(person)s is a school supervisor of another school.") % {"person": school_supervisor.user},
            code="other_school",
        )


def _check_school_of(*, programme_id: int, school) -> None:
    if not ProgrammeSchool.objects.filter(programme_id=programme_id, school=school).exists():
        raise ValidationError(
            _("%(name)s does not take part in this programme.") % {"name": school.name}, code="school_not_taking_part"
        )


@transaction.atomic
def programme_school_add(*, programme: Programme, school: Organisation, actor) -> ProgrammeSchool:
    """Let a school take part in the programme (audited). Raises ValidationError for an organisation that is
    no school or a school taking part already (the unique constraint is the backstop)."""
    _check_school(school=school)
    if ProgrammeSchool.objects.filter(programme=programme, school=school).exists():
        raise ValidationError(_("%(name)s takes part already.") % {"name": school.name}, code="school_twice")
    link = ProgrammeSchool.objects.create(programme=programme, school=school)
    audit_log(actor=actor, action="programme_school.added", instance=link, changes={"school": school.name})
    return link


@transaction.atomic
def programme_school_remove(*, link: ProgrammeSchool, actor) -> None:
    """The school no longer takes part: its school supervisors stop seeing the programme's placements. Its
    students keep their school (audited)."""
    audit_log(actor=actor, action="programme_school.removed", instance=link, changes={"school": link.school.name})
    link.delete()


@transaction.atomic
def student_school_set(
    *, student: Student, programme: Programme, school: Organisation | None, school_supervisor, actor
) -> Student:
    """Link the student to a school taking part in `programme` and (optionally) to one of that school's
    supervisors, audited. Raises ValidationError (nothing written) for a school that does not take part, or
    a school supervisor of another school (or without a school)."""
    _check_school(school=school, school_supervisor=school_supervisor)
    if school is not None:
        _check_school_of(programme_id=programme.pk, school=school)
    fields = ["school", "school_supervisor"]
    before = snapshot(student, fields)
    student.school, student.school_supervisor = school, school_supervisor
    student.save(update_fields=fields)
    if changes := diff(before, snapshot(student, fields)):
        audit_log(actor=actor, action="student.school_changed", instance=student, changes=changes)
    return student


@transaction.atomic
def school_supervisor_grant(*, user: User, school: Organisation, actor) -> SchoolSupervisor:
    """Make the person a school supervisor of `school` (audited). Raises ValidationError for an organisation
    that is no school or a person who is a school supervisor already."""
    _check_school(school=school)
    if SchoolSupervisor.objects.filter(user=user).exists():
        raise ValidationError(_("%(person)s is a school supervisor already.") % {"person": user}, code="twice")
    role = SchoolSupervisor.objects.create(user=user, school=school)
    audit_log(actor=actor, action="school_supervisor_role.granted", instance=role, changes={"school": school.name})
    return role


@transaction.atomic
def sbb_adviser_grant(*, user: User, programmes: list[Programme], actor) -> SbbAdviser:
    """Make the person the SBB adviser of these programmes (added to any they advise already), audited."""
    role, _created = SbbAdviser.objects.get_or_create(user=user)
    role.programmes.add(*programmes)
    audit_log(
        actor=actor,
        action="sbb_adviser_role.granted",
        instance=role,
        changes={"programmes": sorted(p.name for p in programmes)},
    )
    return role


# --- people of an organisation in exchanges: professionals and coordinators --------------------------


@transaction.atomic
def professionals_create(*, people: list[tuple[str, str]], organisation, actor=None, users=None) -> list[Professional]:
    """People of an organisation who take part in exchanges (not students): new accounts for (name, e-mail)
    pairs (accounts.services.users_create, whose ValidationError it raises) or the given existing `users`,
    each with a Professional profile of the organisation, audited. Raises ValidationError, writing nothing,
    when one of the given users is a professional already."""
    users = list(users or []) + users_create(people=people)
    if Professional.objects.filter(user__in=users).exists():
        raise ValidationError(_("This person takes part as a professional already."), code="professional")
    profiles = Professional.objects.bulk_create(
        [Professional(user=user, organisation=organisation) for user in users], batch_size=LOOKUP_BATCH
    )
    entries = [(p.pk, {"organisation": organisation.name}, str(p)) for p in profiles]
    audit_log_many(actor=actor, action="professional.created", model=Professional, entries=entries)
    return profiles


@transaction.atomic
def exchange_coordinator_grant(*, programme: Programme, organisation, user, actor=None) -> ExchangeCoordinator:
    """Make the person coordinator of the organisation's part in an exchange programme; audited.
    Raises ValidationError for a programme that is no exchange or a grant that exists already."""
    if programme.kind != Programme.Kind.EXCHANGE:
        raise ValidationError(_("Coordinators take part in exchange programmes only."), code="kind")
    if ExchangeCoordinator.objects.filter(programme=programme, organisation=organisation, user=user).exists():
        raise ValidationError(_("This person coordinates this organisation already."), code="twice")
    grant = ExchangeCoordinator.objects.create(programme=programme, organisation=organisation, user=user)
    audit_log(actor=actor, action="coordinator_grant.granted", instance=grant, changes=snapshot(grant))
    return grant
