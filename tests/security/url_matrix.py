"""The registry of every URL the access matrix visits (tests/security/test_url_matrix.py).

One line per URL name: how to build the kwargs that point at SOMEONE ELSE's object (from the `world`
personas: leader/supervisor/student/school supervisor/SBB adviser of programme A and its school; the
objects belong to programme B and the other school), which of the
personas must be refused (403 or 404), and who owns the object (must get a page, proving the kwargs are
real). Add a line here when you add a URL; the matrix fails until you do.

    "app:name": url(lambda w: {"public_id": w.other_placement.public_id}, deny=ALL, owner="other_leader"),
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ALL = (
    "leader",
    "supervisor",
    "student",
    "school_supervisor",
    "sbb_adviser",
    "coordinator",
)  # coordinator: of another organisation
NOT_LEADER = ("supervisor", "student", "school_supervisor", "sbb_adviser", "coordinator")


@dataclass(frozen=True)
class UrlCase:
    kwargs: Callable = field(default=lambda world: {})
    deny: tuple[str, ...] = ALL
    owner: str = "admin"  # a persona (World attribute) who may open it: a control that the kwargs are real
    method: str = "get"
    own_data_only: bool = False  # a page about the visitor themself: nothing of anyone else to refuse
    secret: bool = False  # reached without login by a secret in the URL; a wrong secret must give 404
    wrong_kwargs: dict | None = None  # for a secret URL: kwargs with a wrong secret


def url(kwargs=None, *, deny=ALL, owner="admin", method="get") -> UrlCase:
    return UrlCase(kwargs=kwargs or (lambda world: {}), deny=tuple(deny), owner=owner, method=method)


def secret_url(kwargs, *, wrong, owner) -> UrlCase:
    """A URL whose secret token is the access control (calendar feeds): no login, a wrong token is a 404."""
    return UrlCase(kwargs=kwargs, deny=(), owner=owner, secret=True, wrong_kwargs=wrong)


def _evaluation_request(world):
    from evaluations.models import Audience, EvaluationRequest
    from tests.evaluations.conftest import final_moment, make_questionnaire

    programme = world.other_placement.assignment.programme
    questionnaire = make_questionnaire(Audience.STUDENT, programme=programme)
    request = EvaluationRequest.objects.create(
        placement=world.other_placement,
        moment=final_moment(programme),
        audience=Audience.STUDENT,
        respondent=world.other_student,
        version=questionnaire.versions.get(),
        sent_on=world.other_placement.start_date,
        due_date=world.other_placement.end_date,
    )
    return {"token": request.token}


def _expired_request(world):
    from evaluations.models import EvaluationRequest

    token = _evaluation_request(world)["token"]
    EvaluationRequest.objects.filter(token=token).update(state=EvaluationRequest.State.EXPIRED)
    return {"pk": EvaluationRequest.objects.get(token=token).pk}


def _questionnaire(world):
    """A questionnaire of the other programme (asked at its final moment)."""
    from evaluations.models import Audience
    from tests.evaluations.conftest import make_questionnaire

    return {"pk": make_questionnaire(Audience.SUPERVISOR, programme=world.other_programme).pk}


def _moment(world):
    from tests.evaluations.conftest import final_moment

    return {"pk": final_moment(world.other_programme).pk}


def _student_document(world):
    from django.core.files.base import ContentFile

    from documents.models import DocumentRequirement, StudentDocument

    requirement = DocumentRequirement.objects.create(
        programme=world.other_programme, kind=DocumentRequirement.Kind.choices[0][0], name="VOG"
    )
    document = StudentDocument(
        student=world.other_student.student, requirement=requirement, content_type="application/pdf"
    )
    document.file.save("vog.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"pk": document.pk}


def _other_round(world):
    """A rotation round of the other programme's cohort (with the other student in it)."""
    from programmes.models import RotationRound

    cohort = world.other_student.student.cohorts.get()
    rotation_round, _ = RotationRound.objects.get_or_create(
        cohort=cohort,
        name="Matrix round",
        defaults={"start_date": "2027-02-01", "end_date": "2027-07-31", "state": RotationRound.State.PREFERENCES_OPEN},
    )
    return {"pk": rotation_round.pk}


def _activity(world):
    from placements.services import activity_create

    activity = activity_create(programme=world.other_programme, title="IBT", date=world.other_placement.start_date)
    return {"pk": activity.pk}


def _exchange_slot(world):
    """A day hosted by the other programme's supervisor, and the other student visiting from elsewhere."""
    from datetime import date

    from exchanges.models import ExchangeParticipant
    from exchanges.services import exchange_slot_publish
    from organisations.models import Organisation
    from programmes.models import Professional

    visitor_org, _created = Organisation.objects.get_or_create(name="Douane", kind=Organisation.Kind.PARTNER)
    professional, _created = Professional.objects.get_or_create(
        user=world.other_student, defaults={"organisation": visitor_org}
    )
    ExchangeParticipant.objects.get_or_create(programme=world.other_programme, professional=professional)
    return exchange_slot_publish(
        actor=world.other_supervisor,
        programme=world.other_programme,
        unit=world.other_placement.assignment.unit,
        day=date(2026, 12, 10),
        place="Rotterdam",
        description="Meelopen",
        places=2,
        today=date(2026, 11, 23),
    )


def _exchange_request(world):
    from exchanges.services import exchange_request_create

    slot = _exchange_slot(world)
    participant = world.other_student.professional.exchange_participations.get()
    return {"pk": exchange_request_create(participant=participant, slot=slot, message="Graag").pk}


def _exchange_visit(world):
    """A visitor (a professional of another organisation) accepted on the other programme's day."""
    from exchanges.models import ExchangeParticipant
    from exchanges.services import exchange_request_create, exchange_request_decide
    from tests.factories import ProfessionalFactory

    slot = _exchange_slot(world)
    visitor = ExchangeParticipant.objects.create(programme=world.other_programme, professional=ProfessionalFactory())
    request = exchange_request_create(participant=visitor, slot=slot, message="Graag")
    return {"pk": exchange_request_decide(request=request, actor=world.other_supervisor, accept=True).pk}


def _coordination(world):
    """The other coordinator's organisation in the other programme (the coordinator of another: 404)."""
    return {"pk": world.other_coordinator.coordinator_grants.get().pk}


def _import_job(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.services import import_job_create

    job = import_job_create(
        actor=world.other_leader,
        programme=world.other_programme,
        kind="units",
        upload=SimpleUploadedFile("units.csv", b"name\nTeam Matrix\n"),
    )
    return {"public_id": job.public_id}


def _other_goal(world):
    """A learning goal of the other programme's placement."""
    goal = world.other_placement.learning_goals.create(description="Matrix goal")
    return {"public_id": world.other_placement.public_id, "goal_pk": goal.pk}


def _other_standard_goal(world):
    from programmes.models import ProgrammeGoal

    goal, _created = ProgrammeGoal.objects.get_or_create(programme=world.other_programme, description="Matrix goal")
    return {"pk": goal.pk}


def _other_hours_week(world):
    """A week of hours the other programme's student submitted."""
    from datetime import date

    from hours.services import hours_week_save

    week = hours_week_save(
        placement=world.other_placement,
        week_start=date(2026, 11, 16),
        hours_worked=32,
        submit=True,
        today=date(2026, 11, 23),
    )
    return {"pk": week.pk}


def _other_logbook_entry(world):
    """An observation with a photo in the other programme's student's logbook."""
    from datetime import date

    from logbook.services import logbook_entry_create
    from tests.logbook.test_logbook import photo_with_gps

    entry = logbook_entry_create(
        placement=world.other_placement,
        day=date(2026, 11, 20),
        place="Waalkade",
        text="Druk",
        photo=photo_with_gps(),
        today=date(2026, 11, 23),
    )
    return {"public_id": entry.public_id}


def _other_group(world):
    """A project group of the other programme, the other student its lead."""
    from django.db import transaction

    from placements.models import ProjectGroup
    from placements.services import project_group_create

    group = ProjectGroup.objects.filter(members__placement=world.other_placement).first()
    if group is None:
        with transaction.atomic():  # as placement_group_create calls it (the browser tests run in autocommit)
            group = project_group_create(
                placements=[world.other_placement], name="Matrix", lead=world.other_student.student
            )
    return {"public_id": group.public_id}


def _other_agreement(world):
    """The internship agreement of the other programme's placement (drawn up, nobody agreed yet)."""
    from agreements.services import agreement_generate
    from documents.models import DocumentRequirement

    DocumentRequirement.objects.get_or_create(
        programme=world.other_programme,
        name="Praktijkovereenkomst",
        defaults={"kind": DocumentRequirement.Kind.AGREEMENT, "agreed_in_portal": True},
    )
    return {"public_id": agreement_generate(placement=world.other_placement).public_id}


def _other_student_school(world):
    return {"programme_pk": world.other_programme.pk, "student_id": world.other_student.student.pk}


def _other_programme_school(world):
    return {"programme_pk": world.other_programme.pk, "school_pk": world.other_student.student.school_id}


def _other_cohort(world):
    return {"pk": world.other_student.student.cohorts.get().pk}


def _other_unit(world):
    return {"programme_pk": world.other_programme.pk, "pk": world.other_placement.assignment.unit_id}


def own(owner="student") -> UrlCase:
    """A page that only ever shows the visitor's own data (e.g. the personal-data export)."""
    return UrlCase(deny=(), owner=owner, own_data_only=True)


MATRIX: dict[str, UrlCase] = {
    "home": own(),
    "dashboards:student_assignment": url(deny=("leader", "supervisor"), owner="student"),
    "dashboards:supervisor_students": url(deny=("leader", "student"), owner="supervisor"),
    "dashboards:leader_dashboard": url(deny=NOT_LEADER, owner="leader"),
    "dashboards:school_students": url(
        deny=("leader", "supervisor", "student", "sbb_adviser"), owner="school_supervisor"
    ),
    "dashboards:sbb_adviser": url(deny=("leader", "supervisor", "student", "school_supervisor"), owner="sbb_adviser"),
    "placements:training_company": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "programmes:programme_schools": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "programmes:programme_school_remove": url(_other_programme_school, owner="other_leader", method="post"),
    "programmes:student_school": url(_other_student_school, owner="other_leader"),
    # Setting up a programme: its leaders only; another programme's set-up is a 404.
    "programmes:setup_index": url(deny=NOT_LEADER, owner="leader"),
    "programmes:programme_create": url(deny=NOT_LEADER, owner="leader"),
    "programmes:programme_edit": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "programmes:cohort_create": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "programmes:cohort_edit": url(_other_cohort, owner="other_leader"),
    "programmes:unit_create": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "programmes:unit_edit": url(_other_unit, owner="other_leader"),
    "placements:programme_setup": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "placements:assignment_create": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "placements:assignment_edit": url(lambda w: {"pk": w.other_placement.assignment_id}, owner="other_leader"),
    "rounds:rounds_propose": url(_other_cohort, owner="other_leader"),
    "rounds:round_edit": url(_other_round, owner="other_leader"),
    "placements:placement_create": url(deny=NOT_LEADER, owner="leader"),
    "placements:placement_list": url(deny=NOT_LEADER, owner="leader"),
    "placements:placement_export": url(deny=NOT_LEADER, owner="leader"),
    "placements:placement_detail": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader"),
    "placements:placement_edit": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader"),
    "placements:placement_end_early": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader"),
    "placements:placement_extend": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader"),
    "placements:placement_cancel": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader"),
    "placements:placement_start": url(
        lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader", method="post"
    ),
    "placements:learning_goal_create": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader"),
    "placements:learning_goals_copy": url(
        lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader", method="post"
    ),
    "placements:learning_goal_edit": url(_other_goal, owner="other_leader"),
    "placements:learning_goal_delete": url(_other_goal, owner="other_leader", method="post"),
    "placements:placement_group_create": url(deny=NOT_LEADER, owner="leader"),
    "placements:project_group_list": url(deny=NOT_LEADER, owner="leader"),
    "placements:project_group_detail": url(_other_group, owner="other_student"),
    "placements:project_group_edit": url(_other_group, owner="other_leader"),
    "placements:project_group_presentation": url(_other_group, owner="other_leader", method="post"),
    "agreements:agreement_generate": url(
        lambda w: {"public_id": w.other_placement.public_id}, owner="other_leader", method="post"
    ),
    "agreements:agreement_accept": url(_other_agreement, owner="other_student", method="post"),
    "agreements:agreement_download": url(_other_agreement, owner="other_student"),
    "rounds:round_list": url(deny=NOT_LEADER, owner="leader"),
    "rounds:round_create": url(deny=NOT_LEADER, owner="leader"),
    "rounds:round_detail": url(_other_round, owner="other_leader"),
    "rounds:round_set_state": url(_other_round, owner="other_leader", method="post"),
    "rounds:round_match": url(_other_round, owner="other_leader", method="post"),
    "rounds:round_matching_progress": url(_other_round, owner="other_leader"),
    "rounds:round_move": url(_other_round, owner="other_leader", method="post"),
    "rounds:round_publish": url(_other_round, owner="other_leader", method="post"),
    "rounds:round_preferences_export": url(_other_round, owner="other_leader"),
    "rounds:student_preferences": url(_other_round, owner="other_student"),
    "placements:activity_list": url(deny=NOT_LEADER, owner="leader"),
    "placements:activity_create": url(deny=NOT_LEADER, owner="leader"),
    "placements:activity_attendance": url(_activity, owner="other_leader"),
    "privacy:overview": own(),
    "privacy:export_json": own(),
    "privacy:export_csv": own(),
    "programmes:invitation_create": url(deny=NOT_LEADER, owner="leader"),
    "accounts:calendar_renew": url(method="post", deny=(), owner="student"),
    "accounts:language_switch": UrlCase(deny=(), owner="student", own_data_only=True, method="post"),
    "accounts:calendar_feed": secret_url(
        lambda w: {"token": w.other_student.calendar_token}, wrong={"token": "x" * 40}, owner="other_student"
    ),
    "documents:my_documents": url(deny=("leader", "supervisor"), owner="student"),
    "documents:document_download": url(_student_document, owner="other_leader"),
    "documents:documents_index": url(deny=NOT_LEADER, owner="leader"),
    "documents:programme_documents": url(lambda w: {"programme_id": w.other_programme.pk}, owner="other_leader"),
    "documents:student_document_record": url(
        lambda w: {"programme_id": w.other_programme.pk, "student_id": w.other_student.student.pk},
        owner="other_leader",
    ),
    "placements:supervisor_load": url(deny=NOT_LEADER, owner="leader"),
    "evaluations:mine": own(),
    "evaluations:respond": url(_evaluation_request, owner="other_student"),
    "evaluations:results_index": url(deny=NOT_LEADER, owner="leader"),
    "evaluations:results": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "evaluations:results_csv": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "evaluations:results_xlsx": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "evaluations:requests_new": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "evaluations:overdue": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "evaluations:request_reopen": url(_expired_request, owner="other_leader", method="post"),
    "evaluations:cohort_report": url(
        lambda w: {"cohort_pk": w.other_student.student.cohorts.get().pk}, owner="other_leader"
    ),
    # Questionnaires belong to a programme (or its organisation): a leader of another programme gets a 404.
    "evaluations:questionnaire_new": url(deny=NOT_LEADER, owner="leader"),
    "evaluations:questionnaire_edit": url(_questionnaire, owner="other_leader"),
    "evaluations:moments": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "evaluations:moment_new": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "evaluations:moment_edit": url(_moment, owner="other_leader"),
    "evaluations:moment_delete": url(_moment, owner="other_leader", method="post"),
    "exchanges:matrix": url(deny=NOT_LEADER, owner="leader"),
    "exchanges:slots": own(),
    "exchanges:mine": own(),
    "exchanges:hosting": own("supervisor"),
    "exchanges:slot_create": own("supervisor"),
    "exchanges:slot_detail": url(lambda w: {"public_id": _exchange_slot(w).public_id}, owner="other_student"),
    "exchanges:slot_edit": url(lambda w: {"public_id": _exchange_slot(w).public_id}, owner="other_supervisor"),
    "exchanges:slot_withdraw": url(
        lambda w: {"public_id": _exchange_slot(w).public_id}, method="post", owner="other_supervisor"
    ),
    "exchanges:request_decide": url(_exchange_request, method="post", owner="other_supervisor"),
    "exchanges:reflect": url(_exchange_request, owner="other_student", method="post"),
    "exchanges:visit": url(_exchange_visit, owner="other_coordinator"),
    "exchanges:coordination_index": own("other_coordinator"),
    "exchanges:coordination": url(_coordination, owner="other_coordinator"),
    "exchanges:coordination_unit_create": url(_coordination, method="post", owner="other_coordinator"),
    "exchanges:coordination_host_invite": url(_coordination, method="post", owner="other_coordinator"),
    "imports:import_new": url(deny=NOT_LEADER, owner="leader"),
    "imports:import_detail": url(_import_job, owner="other_leader"),
    "imports:import_progress": url(_import_job, owner="other_leader"),
    "imports:import_apply": url(_import_job, method="post", owner="other_leader"),
    "imports:import_map": url(_import_job, method="post", owner="other_leader"),
    "dashboards:student_detail": url(lambda w: {"student_id": w.other_student.student.pk}, owner="other_leader"),
    "dashboards:cohort_detail": url(
        lambda w: {"cohort_id": w.other_student.student.cohorts.get().pk}, owner="other_leader"
    ),
    "programmes:student_messages": url(lambda w: {"student_id": w.other_student.student.pk}, owner="other_leader"),
    "programmes:programme_goals": url(lambda w: {"programme_pk": w.other_programme.pk}, owner="other_leader"),
    "programmes:programme_goal_edit": url(_other_standard_goal, owner="other_leader"),
    "programmes:programme_goal_delete": url(_other_standard_goal, owner="other_leader", method="post"),
    # Hours and logbook: whoever sees the placement reads them; its student writes, its supervisor reviews.
    "hours:placement_hours": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_student"),
    "hours:week_review": url(_other_hours_week, owner="other_supervisor", method="post"),
    "hours:programme_hours": url(lambda w: {"programme_id": w.other_programme.pk}, owner="other_leader"),
    "hours:programme_hours_export": url(lambda w: {"programme_id": w.other_programme.pk}, owner="other_leader"),
    "logbook:placement_logbook": url(lambda w: {"public_id": w.other_placement.public_id}, owner="other_student"),
    "logbook:entry_comment": url(_other_logbook_entry, owner="other_supervisor", method="post"),
    "logbook:entry_delete": url(_other_logbook_entry, owner="other_student", method="post"),
    "logbook:entry_photo": url(_other_logbook_entry, owner="other_leader"),
}
