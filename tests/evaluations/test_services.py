"""Requests, responses and versions: what the services promise."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from evaluations import services
from evaluations.models import (
    Answer,
    Audience,
    EvaluationMoment,
    EvaluationRequest,
    GoalAssessment,
    QuestionnaireVersion,
    new_token,
)
from notifications.models import Notification
from placements.models import Placement
from tests.factories import PlacementFactory

from .conftest import QUESTIONS, final_moment

END = date(2027, 1, 31)


def _answers(request, overrides=None):
    qs = list(request.version.questions.all())
    values = {qs[0].pk: "4", qs[1].pk: "Ja", qs[2].pk: ["Opdracht"], qs[3].pk: "Leerzaam"}
    return {**values, **(overrides or {})}


def test_dispatch_creates_both_requests_and_mails_once(world, questionnaires, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.evaluation_dispatch_due(today=END) == 4  # both worlds' placements end that day
    assert len(mail.outbox) == 4
    assert "/evaluations/r/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.evaluation_dispatch_due(today=END) == 0
        assert services.evaluation_dispatch_due(today=END + timedelta(days=1)) == 0
    assert len(mail.outbox) == 4
    request = EvaluationRequest.objects.get(placement=world.placement, audience=Audience.STUDENT)
    assert request.respondent == world.student
    assert request.due_date == END + timedelta(days=final_moment(world.programme).due_days)
    assert AuditEntry.objects.filter(action="evaluation_request.created").count() == 4


def test_dispatch_mail_reads_its_request_when_sent(world, questionnaires, django_capture_on_commit_callbacks):
    """The queued row names only its request: the link (the request's token) is stored once, and the mail
    shows the names as they are when it leaves, the student's own wording to the student."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.evaluation_dispatch_due(today=END)
    rows = Notification.objects.filter(kind="evaluation")
    assert rows.count() == 4 and all(row.context == {} for row in rows)
    world.student.name = "Renamed Student"
    world.student.save(update_fields=["name"])
    for callback in callbacks:
        callback()
    own = EvaluationRequest.objects.get(placement=world.placement, audience=Audience.STUDENT)
    theirs = EvaluationRequest.objects.get(placement=world.placement, audience=Audience.SUPERVISOR)
    (to_student,) = [m for m in mail.outbox if own.token in m.body]
    (to_supervisor,) = [m for m in mail.outbox if theirs.token in m.body]
    assert to_student.to == [world.student.email] and to_supervisor.to == [own.placement.supervisor.user.email]
    assert world.placement.assignment.title in to_student.body and "Renamed Student @" not in to_student.body
    assert "Renamed Student @" in to_supervisor.body  # the placement's label, read at sending


def test_a_message_of_a_deleted_request_fails_without_sending(
    world, questionnaires, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.evaluation_dispatch_due(today=END)
    EvaluationRequest.objects.filter(placement=world.placement).delete()
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2  # the other world's placement
    failed = Notification.objects.filter(status=Notification.Status.FAILED)
    assert failed.count() == 2 and all("DoesNotExist" in row.last_error for row in failed)


def test_dispatch_skips_placements_not_ended(world, questionnaires):
    assert services.evaluation_dispatch_due(today=END - timedelta(days=1)) == 0


def test_dispatch_at_the_moment_the_programme_sets(world, questionnaires):
    EvaluationMoment.objects.filter(programme=world.programme).update(offset_days=-14)
    assert services.evaluation_dispatch_due(today=END - timedelta(days=15)) == 0
    assert services.evaluation_dispatch_due(today=END - timedelta(days=14)) == 2  # only programme A's placement
    assert set(EvaluationRequest.objects.values_list("placement", flat=True)) == {world.placement.pk}
    assert EvaluationRequest.objects.filter(sent_on=END - timedelta(days=14)).count() == 2
    assert services.evaluation_dispatch_due(today=END) == 2  # programme B's on its last day


def test_reminders_at_7_and_14_days_each_once(world, questionnaires, django_capture_on_commit_callbacks):
    services.evaluation_dispatch_due(today=END)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.evaluation_send_reminders(today=END + timedelta(days=6)) == 0
        assert services.evaluation_send_reminders(today=END + timedelta(days=7)) == 4
        assert services.evaluation_send_reminders(today=END + timedelta(days=7)) == 0
        assert services.evaluation_send_reminders(today=END + timedelta(days=14)) == 4
        assert services.evaluation_send_reminders(today=END + timedelta(days=15)) == 0
    assert len(mail.outbox) == 8
    assert set(EvaluationRequest.objects.values_list("reminder_count", flat=True)) == {2}


def test_expiry_once_and_no_reminder_after(world, questionnaires, django_capture_on_commit_callbacks):
    services.evaluation_dispatch_due(today=END)
    late = END + timedelta(days=final_moment(world.programme).due_days + 1)
    assert services.evaluation_expire_overdue(today=late) == 4
    assert services.evaluation_expire_overdue(today=late) == 0
    assert set(EvaluationRequest.objects.values_list("state", flat=True)) == {"expired"}


def test_requests_insert_returns_the_ids_of_the_rows_it_inserted_only(world, questionnaires, today):
    targets = services._targets(Placement.objects.filter(pk__in=[world.placement.pk, world.other_placement.pk]))
    moments = {moment.programme_id: moment for moment in services._moment_rows()}
    pairs = [(target, moments[target.programme_id]) for target in targets]
    rows = services._requests_for(pairs, today, services._current_versions())
    assert len(rows) == 4
    # A concurrent run inserted the first (placement, role) already, with a token of its own.
    ((theirs, _),) = services.requests_insert([rows[0]._replace(token=new_token())])
    created = services.requests_insert(rows)
    assert [row for _, row in created] == rows[1:]
    stored = dict(EvaluationRequest.objects.values_list("token", "pk"))
    assert [pk for pk, _ in created] == [stored[row.token] for row in rows[1:]]
    assert rows[0].token not in stored and theirs in stored.values()
    again = [row._replace(token=new_token()) for row in rows]  # a second run draws new tokens
    assert services.requests_insert(again) == []
    request = EvaluationRequest.objects.get(pk=created[0][0])
    row = created[0][1]
    assert (request.placement_id, request.moment_id, request.audience) == row[:3]
    assert (request.respondent_id, request.version_id) == (row.respondent_id, row.version_id)
    assert (request.sent_on, request.due_date, request.state, request.reminder_count) == (
        row.sent_on,
        row.due_date,
        EvaluationRequest.State.PENDING,
        0,
    )


def test_hand_made_requests_skip_existing_and_count_them(world, questionnaires, django_capture_on_commit_callbacks):
    services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=[world.placement], actor=world.leader, audiences=["student"]
    )
    second = PlacementFactory(
        assignment=world.placement.assignment, start_date=date(2026, 1, 1), end_date=date(2026, 3, 1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.evaluation_requests_create(
            moment=final_moment(world.programme), placements=[second, world.placement], actor=world.leader
        )
    # second: student + supervisor; world.placement: only the supervisor's is new.
    assert len(batch.created) == 3 and batch.existing == 1
    assert len(mail.outbox) == 3
    assert EvaluationRequest.objects.filter(placement=world.placement).count() == 2


def test_hand_made_requests_store_nothing_on_a_bad_due_date(world, questionnaires, today):
    with pytest.raises(ValidationError, match="past"):
        services.evaluation_requests_create(
            moment=final_moment(world.programme),
            placements=[world.placement],
            actor=world.leader,
            due_date=date(2026, 11, 22),
        )
    with pytest.raises(ValidationError, match="whom to ask"):
        services.evaluation_requests_create(
            moment=final_moment(world.programme), placements=[world.placement], actor=world.leader, audiences=[]
        )
    assert not EvaluationRequest.objects.exists()


def test_hand_made_requests_take_the_chosen_due_date(world, questionnaires, today):
    batch = services.evaluation_requests_create(
        moment=final_moment(world.programme),
        placements=[world.placement],
        actor=world.leader,
        due_date=date(2026, 12, 24),
        audiences=["supervisor"],
    )
    assert [(r.audience, r.due_date, r.respondent) for r in batch.created] == [
        ("supervisor", date(2026, 12, 24), world.supervisor)
    ]


def test_hand_made_requests_count_placements_without_supervisor_or_questionnaire(world, today):
    from .conftest import make_questionnaire

    make_questionnaire(Audience.STUDENT, programme=world.programme)
    lone = PlacementFactory(assignment=world.placement.assignment, supervisor=None)
    batch = services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=[lone, world.placement], actor=world.leader
    )
    assert len(batch.created) == 2  # both students
    # Left out: the lone placement's supervisor and school supervisor (none), and for world.placement the
    # supervisor's and the school supervisor's questionnaire (the moment asks neither).
    assert batch.no_supervisor == 2 and batch.no_questionnaire == 2


def _student_request(world):
    created = services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=[world.placement], actor=world.leader, today=date(2026, 11, 23)
    ).created
    return next(r for r in created if r.audience == Audience.STUDENT)


def test_submit_once_and_final(world, questionnaires, today):
    request = _student_request(world)
    services.evaluation_response_save(request=request, user=world.student, answers=_answers(request), submit=True)
    request.refresh_from_db()
    assert request.state == "submitted"
    with pytest.raises(ValidationError, match="final"):
        services.evaluation_response_save(request=request, user=world.student, answers=_answers(request), submit=True)
    assert AuditEntry.objects.filter(action="evaluation_response.submitted").count() == 1


def test_someone_else_cannot_answer(world, questionnaires, today):
    request = _student_request(world)
    with pytest.raises(ValidationError, match="not yours"):
        services.evaluation_response_save(
            request=request, user=world.other_student, answers=_answers(request), submit=True
        )


def test_missing_required_and_off_scale_store_nothing(world, questionnaires, today):
    request = _student_request(world)
    first = request.version.questions.first()
    for bad in ({first.pk: ""}, {first.pk: "6"}, {first.pk: "x"}):
        with pytest.raises(ValidationError):
            services.evaluation_response_save(
                request=request, user=world.student, answers=_answers(request, bad), submit=True
            )
    assert not Answer.objects.exists()
    request.refresh_from_db()
    assert request.state == "pending"


def test_draft_may_be_partial_then_submitted(world, questionnaires, today):
    request = _student_request(world)
    first = request.version.questions.first()
    services.evaluation_response_save(request=request, user=world.student, answers={first.pk: "2"}, submit=False)
    assert Answer.objects.get().value == 2
    services.evaluation_response_save(request=request, user=world.student, answers=_answers(request), submit=True)
    assert Answer.objects.count() == 4


def test_expired_request_refused(world, questionnaires, today):
    request = _student_request(world)
    EvaluationRequest.objects.filter(pk=request.pk).update(state="expired")
    with pytest.raises(ValidationError, match="expired"):
        services.evaluation_response_save(request=request, user=world.student, answers=_answers(request), submit=True)


def test_database_refuses_answer_off_scale(world, questionnaires, today):
    request = _student_request(world)
    services.evaluation_response_save(request=request, user=world.student, answers=_answers(request), submit=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(response__request=request, value__isnull=False).update(value=9)


def test_editing_answered_questionnaire_makes_new_version(world, questionnaires, today):
    request = _student_request(world)
    services.evaluation_response_save(request=request, user=world.student, answers=_answers(request), submit=True)
    questionnaire = request.version.questionnaire
    new = services.questionnaire_save_questions(
        questionnaire=questionnaire, questions=[{**QUESTIONS[0], "text": "Nieuwe vraag"}], actor=world.leader
    )
    assert new.number == 2 and new.pk != request.version_id
    old = QuestionnaireVersion.objects.get(pk=request.version_id)
    assert [q.text for q in old.questions.all()] == [q["text"] for q in QUESTIONS]
    assert Answer.objects.filter(response__request=request).count() == 4
    assert AuditEntry.objects.filter(action="questionnaire.versioned").exists()
    # An unanswered version is edited in place.
    again = services.questionnaire_save_questions(questionnaire=questionnaire, questions=QUESTIONS, actor=world.leader)
    assert again.pk == new.pk


def test_supervisor_assesses_every_learning_goal_on_the_programmes_scale(world, questionnaires, today):
    from placements.models import LearningGoal

    goal = LearningGoal.objects.create(placement=world.placement, description="Zelfstandig een verhoor voorbereiden")
    other = world.other_placement.learning_goals.create(description="Een doel van een ander")
    created = services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=[world.placement], actor=world.leader
    ).created
    request = next(r for r in created if r.audience == Audience.SUPERVISOR)
    for wrong in ({goal.pk: None}, None, {goal.pk: 4}, {goal.pk: 0}, {goal.pk: True}, {goal.pk: "2"}):
        with pytest.raises(ValidationError, match="learning goal"):
            services.evaluation_response_save(
                request=request, user=world.supervisor, answers=_answers(request), goals=wrong, submit=True
            )
    response = services.evaluation_response_save(
        request=request, user=world.supervisor, answers=_answers(request), goals={goal.pk: 3, other.pk: 1}, submit=True
    )
    assessment = response.goal_assessments.get()  # another placement's goal is ignored
    assert (assessment.learning_goal, assessment.scale, assessment.level) == (goal, "sufficient", 3)


def test_a_level_keeps_the_scale_it_was_given_on(world, questionnaires, today):
    from placements.models import LearningGoal
    from programmes.services import programme_goal_scale_set

    goal = LearningGoal.objects.create(placement=world.placement, description="Rapporteren")
    request = _student_request(world)
    services.evaluation_response_save(
        request=request, user=world.student, answers=_answers(request), goals={goal.pk: 2}, submit=True
    )
    programme_goal_scale_set(programme=world.programme, scale="five_point", actor=world.leader)
    assert GoalAssessment.objects.get().level_label == "Sufficient"


@pytest.mark.parametrize(("scale", "level"), [("achieved", 3), ("sufficient", 4), ("five_point", 6), ("sufficient", 0)])
def test_the_database_refuses_a_level_off_its_scale(world, questionnaires, today, scale, level):
    from django.db import IntegrityError, transaction

    from placements.models import LearningGoal

    goal = LearningGoal.objects.create(placement=world.placement, description="Rapporteren")
    request = _student_request(world)
    response = services.evaluation_response_save(request=request, user=world.student, answers={}, submit=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalAssessment.objects.create(response=response, learning_goal=goal, scale=scale, level=level)


def test_demo_leaves_pending_evaluations_and_submitted_results(db, today):
    from django.core.management import call_command

    from demo.logins import DEMO_LOGINS

    call_command("load_demo")
    assert EvaluationRequest.objects.filter(state="submitted").count() >= 10
    for role in ("student", "supervisor"):
        assert EvaluationRequest.objects.filter(respondent__email=DEMO_LOGINS[role], state="pending").exists(), role


def test_saving_the_same_questions_makes_no_new_version(world, questionnaires, today):
    request = _student_request(world)
    questionnaire = request.version.questionnaire
    same = services.questionnaire_save_questions(questionnaire=questionnaire, questions=QUESTIONS, actor=world.leader)
    assert same.pk == request.version_id and questionnaire.versions.count() == 1


def test_sent_questionnaire_keeps_its_respondent_and_kind(world, questionnaires, today):
    request = _student_request(world)
    questionnaire = request.version.questionnaire
    fields = {"name": "X", "audience": "supervisor", "programme": world.programme, "is_active": True}
    with pytest.raises(ValidationError, match="sent out or in use"):
        services.questionnaire_save(questionnaire=questionnaire, fields=fields, questions=QUESTIONS, actor=world.leader)
    questionnaire.refresh_from_db()
    assert questionnaire.audience == "student" and questionnaire.name != "X"
    renamed = services.questionnaire_save(
        questionnaire=questionnaire, fields={**fields, "audience": "student"}, questions=QUESTIONS, actor=world.leader
    )
    assert renamed.name == "X"
    assert AuditEntry.objects.get(action="questionnaire.updated").changes["name"][1] == "X"


def test_questionnaire_needs_a_question(world):
    fields = {"name": "Leeg", "audience": "student", "programme": world.programme, "is_active": True}
    with pytest.raises(ValidationError, match="at least one question"):
        services.questionnaire_save(questionnaire=None, fields=fields, questions=[], actor=world.leader)
    from evaluations.models import Questionnaire

    assert not Questionnaire.objects.filter(name="Leeg").exists()
