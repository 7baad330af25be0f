"""Every create, change and delete of the tracked objects leaves an audit entry with who, when and what changed.

One story per object kind: placements, rotation rounds, assignments, evaluation requests, responses and the
role grants (leader grants and invitations), through the services and through the admin.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from evaluations import services as evaluation_services
from evaluations.models import Audience, EvaluationRequest, Response
from placements import services as placement_services
from placements.models import Assignment, Placement
from programmes import services as programme_services
from programmes.models import ProgrammeLeader, RotationRound
from rounds import services as rounds
from tests.evaluations.conftest import final_moment, make_questionnaire
from tests.factories import RotationRoundFactory, UserFactory


def _entries(instance) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(content_type__model=instance._meta.model_name, object_id=str(instance.pk)).order_by(
            "id"
        )
    )


def _actions(instance) -> list[str]:
    return [entry.action for entry in _entries(instance)]


def _admin_post(client, url, data):
    response = client.post(url, data)
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    return response


def _recent(entry) -> bool:
    return timezone.now() - entry.created_at < timedelta(minutes=5)


def test_placement_create_change_and_delete_are_audited(client, world):
    placement = placement_services.placement_create(
        student=world.other_placement.student,
        assignment=world.placement.assignment,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 6, 30),
        actor=world.leader,
    )
    placement_services.placement_update(
        placement=placement,
        assignment=placement.assignment,
        start_date=placement.start_date,
        end_date=date(2027, 5, 31),
        supervisor=placement.supervisor,
        notes="",
        actor=world.leader,
    )
    client.force_login(world.admin)
    client.post(reverse("admin:placements_placement_delete", args=[placement.pk]), {"post": "yes"})

    assert not Placement.objects.filter(pk=placement.pk).exists()
    created, updated, deleted = _entries(placement)
    assert (created.action, created.actor, created.changes["end_date"]) == (
        "placement.created",
        world.leader,
        "2027-06-30",
    )
    assert (updated.action, updated.changes) == ("placement.updated", {"end_date": ["2027-06-30", "2027-05-31"]})
    assert (deleted.action, deleted.actor) == ("placement.deleted", world.admin)
    assert all(_recent(entry) for entry in (created, updated, deleted))


def test_placement_learning_goals_changed_in_the_admin_are_audited_on_the_placement(client, world):
    client.force_login(world.admin)
    url = reverse("admin:placements_placement_change", args=[world.placement.pk])
    page = client.get(url).context["adminform"].form
    data = {name: page.initial.get(name) or "" for name in page.fields}
    data |= {
        "student": world.placement.student.pk,
        "assignment": world.placement.assignment.pk,
        "supervisor": world.placement.supervisor.pk,
        "start_date": "2026-08-01",
        "end_date": "2027-01-31",
        "learning_goals-TOTAL_FORMS": "1",
        "learning_goals-INITIAL_FORMS": "0",
        "learning_goals-0-description": "Write a report",
        "learning_goals-0-position": "0",
    }
    _admin_post(client, url, data)
    entry = _entries(world.placement)[-1]
    assert entry.action == "placement.updated" and entry.actor == world.admin
    assert entry.changes == {"learninggoal.added": ["Write a report"]}


def test_rotation_round_create_change_state_and_delete_are_audited(client, world):
    cohort = world.student.student.cohorts.get()
    client.force_login(world.admin)
    data = {
        "cohort": cohort.pk,
        "name": "Ronde 1",
        "start_date": "2027-02-01",
        "end_date": "2027-07-31",
        "state": RotationRound.State.DRAFT,
    }
    _admin_post(client, reverse("admin:programmes_rotationround_add"), data)
    rotation_round = RotationRound.objects.get(name="Ronde 1")
    _admin_post(
        client, reverse("admin:programmes_rotationround_change", args=[rotation_round.pk]), data | {"name": "Ronde A"}
    )
    rounds.rotation_round_set_state(
        rotation_round=rotation_round, state=RotationRound.State.PREFERENCES_OPEN, actor=world.leader
    )
    client.post(reverse("admin:programmes_rotationround_delete", args=[rotation_round.pk]), {"post": "yes"})

    entries = _entries(rotation_round)
    assert [e.action for e in entries] == [
        "rotation_round.created",
        "rotation_round.updated",
        "rotation_round.preferences_open",
        "rotation_round.deleted",
    ]
    assert entries[0].changes["name"] == "Ronde 1" and entries[0].actor == world.admin
    assert entries[1].changes == {"name": ["Ronde 1", "Ronde A"]}
    assert entries[2].changes == {"state": ["draft", "preferences_open"]} and entries[2].actor == world.leader
    assert entries[3].actor == world.admin


def test_assignment_create_change_and_delete_in_the_admin_are_audited(client, world):
    client.force_login(world.admin)
    url = reverse("admin:placements_assignment_add")
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields} | {
        "programme": world.programme.pk,
        "unit": world.placement.assignment.unit.pk,
        "title": "Recherche",
        "capacity": "2",
        "min_capacity": "0",
        "wanted_backgrounds": "[]",
        "wanted_levels": "[]",
        "is_active": "on",
    }
    data = {key: value for key, value in data.items() if value is not None and value is not False}
    _admin_post(client, url, data)
    assignment = Assignment.objects.get(title="Recherche")
    _admin_post(client, reverse("admin:placements_assignment_change", args=[assignment.pk]), data | {"capacity": "3"})
    client.post(reverse("admin:placements_assignment_delete", args=[assignment.pk]), {"post": "yes"})

    assert _actions(assignment) == ["assignment.created", "assignment.updated", "assignment.deleted"]
    assert _entries(assignment)[1].changes == {"capacity": [2, 3]}
    assert {entry.actor for entry in _entries(assignment)} == {world.admin}


@pytest.fixture
def evaluation_request(world, today):
    make_questionnaire(Audience.STUDENT, programme=world.programme)
    make_questionnaire(Audience.SUPERVISOR, programme=world.programme)
    requests = evaluation_services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=[world.placement], actor=world.leader, today=today
    )
    return next(r for r in requests.created if r.audience == Audience.STUDENT)


def test_evaluation_request_create_change_expiry_and_delete_are_audited(client, world, evaluation_request):
    client.force_login(world.admin)
    url = reverse("admin:evaluations_evaluationrequest_change", args=[evaluation_request.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {key: value for key, value in data.items() if value is not None} | {"due_date": "2030-01-01"}
    _admin_post(client, url, data)
    evaluation_request.refresh_from_db()
    evaluation_services.evaluation_expire_overdue(today=date(2030, 1, 2))
    client.post(reverse("admin:evaluations_evaluationrequest_delete", args=[evaluation_request.pk]), {"post": "yes"})

    entries = _entries(evaluation_request)
    assert [e.action for e in entries] == [
        "evaluation_request.created",
        "evaluation_request.updated",
        "evaluation_request.expired",
        "evaluation_request.deleted",
    ]
    assert entries[0].actor == world.leader
    assert entries[1].changes["due_date"][1] == "2030-01-01" and entries[1].actor == world.admin
    assert entries[2].actor is None and entries[2].changes == {"state": ["pending", "expired"]}
    assert not EvaluationRequest.objects.filter(pk=evaluation_request.pk).exists()


def test_response_draft_submission_and_delete_are_audited(client, world, evaluation_request):
    questions = {q.kind: q for q in evaluation_request.version.questions.all()}
    answers = {questions["likert"].pk: "4"}
    evaluation_services.evaluation_response_save(
        request=evaluation_request, user=world.student, answers=answers, submit=False
    )
    answers |= {questions["single"].pk: "Ja"}
    response = evaluation_services.evaluation_response_save(
        request=evaluation_request, user=world.student, answers=answers, submit=True
    )
    client.force_login(world.admin)
    client.post(reverse("admin:evaluations_response_delete", args=[response.pk]), {"post": "yes"})

    entries = _entries(response)
    assert [e.action for e in entries] == [
        "evaluation_response.created",
        "evaluation_response.updated",
        "evaluation_response.deleted",
    ]
    assert entries[0].actor == entries[1].actor == world.student
    assert entries[0].changes == {"answered": [0, 1], "is_final": False}
    assert entries[1].changes == {"answered": [1, 2], "is_final": True}
    assert "Ja" not in str(entries[1].changes)  # the trail says that it was answered, not what
    assert entries[2].actor == world.admin
    assert "evaluation_response.submitted" in _actions(evaluation_request)
    assert not Response.objects.filter(pk=response.pk).exists()


def test_leader_grant_added_and_removed_inline_on_the_programme_is_audited(client, world):
    client.force_login(world.admin)
    url = reverse("admin:programmes_programme_change", args=[world.programme.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {key: value for key, value in data.items() if value is not None and value is not False}
    newcomer = UserFactory()
    existing = ProgrammeLeader.objects.get(programme=world.programme)
    data |= {
        "organisation": world.programme.organisation_id,
        "leader_grants-TOTAL_FORMS": "2",
        "leader_grants-INITIAL_FORMS": "1",
        "leader_grants-0-id": existing.pk,
        "leader_grants-0-programme": world.programme.pk,
        "leader_grants-0-user": existing.user_id,
        "leader_grants-1-programme": world.programme.pk,
        "leader_grants-1-user": newcomer.pk,
    }
    _admin_post(client, url, data)
    grant = ProgrammeLeader.objects.get(user=newcomer)
    entry = _entries(grant)[0]
    assert (entry.action, entry.actor, entry.changes["user"]) == ("leader_grant.granted", world.admin, str(newcomer))


def test_an_invitation_is_audited_with_who_invited_whom(world):
    user = programme_services.invitation_create(
        actor=world.leader,
        name="Nieuwe Student",
        email="nieuw@example.nl",
        role="student",
        cohort=world.student.student.cohorts.get(),
    )
    (entry,) = _entries(user)
    assert (entry.action, entry.actor) == ("user.invited", world.leader)
    assert entry.changes["email"] == "nieuw@example.nl" and entry.changes["role"] == "student"


def test_the_audit_trail_is_read_only_in_the_admin(client, world):
    RotationRoundFactory(cohort=world.student.student.cohorts.get())
    entry = AuditEntry.objects.create(action="x.y", content_type_id=1, object_id="1", object_repr="x")
    client.force_login(world.admin)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    page = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403


def test_the_history_button_of_an_audited_admin_page_shows_the_objects_audit_trail(client, world):
    placement_services.placement_cancel(placement=world.placement, actor=world.leader)
    placement_services.placement_cancel(placement=world.other_placement, actor=world.leader)
    client.force_login(world.admin)
    response = client.get(reverse("admin:placements_placement_history", args=[world.placement.pk]), follow=True)
    shown = list(response.context["cl"].result_list)
    assert [(e.action, e.object_id) for e in shown] == [("placement.cancelled", str(world.placement.pk))]
