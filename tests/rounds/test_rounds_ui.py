"""Rotation rounds through the pages: a leader runs a round from draft to published, students rank."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from placements.models import Placement
from programmes.models import RotationRound
from rounds.models import MatchProposal, Preference
from tests.factories import AssignmentFactory, RotationRoundFactory, StudentFactory, SupervisorFactory

pytestmark = pytest.mark.django_db
State = RotationRound.State
START, END = date(2027, 2, 1), date(2027, 7, 31)  # after the world's current placements end


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _open_round(cohort, **kwargs) -> RotationRound:
    defaults = {"start_date": START, "end_date": END, "state": State.PREFERENCES_OPEN}
    return RotationRoundFactory(cohort=cohort, **{**defaults, **kwargs})


def _offered(cohort):
    """The assignments the world's student may rank: not the one of the unit they are on already."""
    return list(cohort.programme.assignments.filter(placements__isnull=True).order_by("pk"))


def _rank(client, student, rotation_round, assignment_ids):
    client.force_login(student.user)
    data = {f"choice_{i}": aid for i, aid in enumerate(assignment_ids, start=1)}
    return client.post(reverse("rounds:student_preferences", args=[rotation_round.pk]), data)


def test_round_journey_from_draft_to_the_students_and_supervisors_pages(
    client, world, cohort, today, django_capture_on_commit_callbacks
):
    # The leader creates a round for the cohort and opens the preferences.
    client.force_login(world.leader)
    response = client.post(
        reverse("rounds:round_create"),
        {
            "cohort": cohort.pk,
            "name": "Rotatie 2",
            "start_date": "2027-02-01",
            "end_date": "2027-07-31",
            "preferences_deadline": "2027-01-10",
        },
    )
    rotation_round = RotationRound.objects.get(name="Rotatie 2")
    assert response.url == reverse("rounds:round_detail", args=[rotation_round.pk])
    assert rotation_round.state == State.DRAFT
    response = client.post(
        reverse("rounds:round_set_state", args=[rotation_round.pk]), {"state": State.PREFERENCES_OPEN}
    )
    assert "Preferences open" in _messages(response)

    # Each student finds the round on their assignment page and ranks the new assignments.
    offered = [a for a in _offered(cohort) if a.title != world.placement.assignment.title]
    students = list(cohort.students.order_by("pk"))
    client.force_login(students[0].user)
    page = client.get(reverse("dashboards:student_assignment")).content.decode()
    assert reverse("rounds:student_preferences", args=[rotation_round.pk]) in page
    for student in students[:-1]:
        response = _rank(client, student, rotation_round, [a.pk for a in offered])
        assert response.status_code == 302, response.content.decode()
    page = client.get(reverse("rounds:student_preferences", args=[rotation_round.pk])).content.decode()
    assert "Your saved ranking" in page and offered[0].title in page

    # The leader sees who has not ranked, runs the matching and reads the reasons.
    client.force_login(world.leader)
    detail = reverse("rounds:round_detail", args=[rotation_round.pk])
    assert students[-1].user.name in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task, eagerly after commit
        client.post(reverse("rounds:round_match", args=[rotation_round.pk]))
    rotation_round.refresh_from_db()
    assert rotation_round.state == State.MATCHED
    page = client.get(detail).content.decode()
    assert "1st choice" in page and "Fairness" in page

    # One move, then publishing creates every placement.
    proposal = MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False).first()
    response = client.post(
        reverse("rounds:round_move", args=[rotation_round.pk]), {"proposal": proposal.pk, "assignment": ""}
    )
    assert "is moved to no assignment" in _messages(response)
    response = client.post(reverse("rounds:round_publish", args=[rotation_round.pk]))
    assert "Published" in _messages(response)
    rotation_round.refresh_from_db()
    assert rotation_round.state == State.PUBLISHED
    placed = Placement.objects.filter(rotation_round=rotation_round).select_related("student__user", "assignment")
    proposed = MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False)
    assert placed.count() == proposed.count()
    assert placed.count() >= 2

    # The placed students and their supervisor see the new placement.
    placement = placed.first()
    client.force_login(placement.student.user)
    assert placement.assignment.title in client.get(reverse("dashboards:student_assignment")).content.decode()
    client.force_login(world.supervisor)
    assert placement.student.user.name in client.get(reverse("dashboards:supervisor_students")).content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"start_date": "2027-02-01", "end_date": "2027-01-01"}, "The end date must be after the start date."),
        ({"preferences_deadline": "2027-03-01"}, "The preferences deadline must be before the start date."),
        ({"name": "Bestaand"}, "This cohort already has a round with that name."),
        ({"start_date": "not a date"}, "Enter a valid date."),
    ],
)
def test_round_form_refuses_bad_dates_and_names(client, world, cohort, data, error):
    RotationRoundFactory(cohort=cohort, name="Bestaand")
    client.force_login(world.leader)
    post = {"cohort": cohort.pk, "name": "Nieuw", "start_date": "2027-02-01", "end_date": "2027-07-31", **data}
    response = client.post(reverse("rounds:round_create"), post)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not RotationRound.objects.filter(name="Nieuw").exists()


def test_leader_cannot_create_a_round_for_a_cohort_they_do_not_lead(client, world):
    other_cohort = world.other_student.student.cohorts.get()
    client.force_login(world.leader)
    post = {"cohort": other_cohort.pk, "name": "X", "start_date": "2027-02-01", "end_date": "2027-07-31"}
    response = client.post(reverse("rounds:round_create"), post)
    assert "Select a valid choice" in response.content.decode()
    assert not RotationRound.objects.filter(name="X").exists()


@pytest.mark.parametrize(
    ("state", "message"),
    [(State.RUNNING, "A round that is Draft cannot become Running."), ("nonsense", "Unknown step")],
)
def test_a_transition_that_is_not_allowed_gets_a_message(client, world, cohort, state, message):
    rotation_round = _open_round(cohort, state=State.DRAFT)
    client.force_login(world.leader)
    response = client.post(reverse("rounds:round_set_state", args=[rotation_round.pk]), {"state": state})
    assert message in _messages(response)
    rotation_round.refresh_from_db()
    assert rotation_round.state == State.DRAFT


def test_state_changes_are_post_only(client, world, cohort):
    rotation_round = _open_round(cohort, state=State.DRAFT)
    client.force_login(world.leader)
    for name in ("round_set_state", "round_match", "round_move"):
        assert client.get(reverse(f"rounds:{name}", args=[rotation_round.pk])).status_code == 405
    # Publishing's GET is its confirmation page, which changes nothing (and a draft cannot be published).
    assert client.get(reverse("rounds:round_publish", args=[rotation_round.pk])).status_code == 302
    rotation_round.refresh_from_db()
    assert rotation_round.state == State.DRAFT


@pytest.mark.parametrize(
    ("choices", "error"),
    [
        (lambda ids: ids[:2], "Rank at least 3 assignments."),
        (lambda ids: [ids[0], ids[0], ids[1]], "Rank each assignment only once."),
        (lambda ids: [], "Rank at least 3 assignments."),
        (lambda ids: ["999999", *ids], "Select a valid choice."),
    ],
)
def test_student_gets_a_clear_error_for_a_bad_ranking(client, world, cohort, choices, error):
    rotation_round = _open_round(cohort)
    ids = [a.pk for a in _offered(cohort)]
    response = _rank(client, world.student.student, rotation_round, choices(ids))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Preference.objects.filter(rotation_round=rotation_round).exists()


def test_student_cannot_rank_after_the_deadline(client, world, cohort, time_machine):
    rotation_round = _open_round(cohort, preferences_deadline=date(2027, 1, 10))
    ids = [a.pk for a in _offered(cohort)][:3]
    time_machine.move_to(date(2027, 1, 10), tick=False)
    assert _rank(client, world.student.student, rotation_round, ids).status_code == 302  # the last day counts
    time_machine.move_to(date(2027, 1, 11), tick=False)
    response = _rank(client, world.student.student, rotation_round, list(reversed(ids)))
    assert "The deadline for preferences (10-01-2027) has passed" in response.content.decode()
    saved = Preference.objects.filter(rotation_round=rotation_round).order_by("rank")
    assert list(saved.values_list("assignment_id", flat=True)) == ids


def test_student_sees_a_closed_round_without_a_form(client, world, cohort):
    rotation_round = _open_round(cohort, state=State.MATCHED)
    client.force_login(world.student)
    page = client.get(reverse("rounds:student_preferences", args=[rotation_round.pk])).content.decode()
    assert "Preferences for this round are closed" in page
    assert 'name="choice_1"' not in page
    response = _rank(client, world.student.student, rotation_round, [a.pk for a in _offered(cohort)][:3])
    assert "Preferences for this round are not open." in response.content.decode()


def _matched_round(cohort, students_ranking=True) -> RotationRound:
    rotation_round = _open_round(cohort)
    ids = [a.pk for a in _offered(cohort)]
    if students_ranking:
        for student in cohort.students.all():
            Preference.objects.bulk_create(
                Preference(student=student, rotation_round=rotation_round, assignment_id=aid, rank=rank)
                for rank, aid in enumerate(ids, start=1)
            )
    from rounds.services import rotation_round_match

    rotation_round_match(rotation_round=rotation_round)
    return rotation_round


def test_a_move_that_breaks_a_rule_gets_a_message_naming_it(client, world, cohort, today):
    rotation_round = _matched_round(cohort)
    full = MatchProposal.objects.filter(rotation_round=rotation_round, assignment__capacity=1).first()
    mover = MatchProposal.objects.filter(rotation_round=rotation_round).exclude(pk=full.pk).first()
    client.force_login(world.leader)
    response = client.post(
        reverse("rounds:round_move", args=[rotation_round.pk]),
        {"proposal": mover.pk, "assignment": full.assignment_id},
    )
    assert f"{mover.student} was not moved" in _messages(response)
    assert "is full in this proposal" in _messages(response)
    mover_before = mover.assignment_id
    mover.refresh_from_db()
    assert mover.assignment_id == mover_before and not mover.moved
    # The world student did the world assignment's unit already: returning there is refused too.
    own = MatchProposal.objects.get(rotation_round=rotation_round, student=world.student.student)
    response = client.post(
        reverse("rounds:round_move", args=[rotation_round.pk]),
        {"proposal": own.pk, "assignment": world.placement.assignment_id},
    )
    assert "already had this unit, or the unit it is part of" in _messages(response)


def test_a_move_of_a_proposal_of_another_round_is_refused(client, world, cohort):
    rotation_round = _matched_round(cohort)
    other = _matched_round(world.other_student.student.cohorts.get())
    stranger = MatchProposal.objects.filter(rotation_round=other).first()
    client.force_login(world.leader)
    response = client.post(reverse("rounds:round_move", args=[rotation_round.pk]), {"proposal": stranger.pk})
    assert "Choose a student of this round" in _messages(response)


def test_publishing_is_refused_while_a_proposed_student_is_blocked_by_documents(client, world, cohort, today):
    from documents.models import DocumentRequirement
    from tests.documents.conftest import requirement

    rotation_round = _matched_round(cohort)
    requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    client.force_login(world.leader)
    page = client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).content.decode()
    assert "Blocked by documents" in page and "VOG is missing." in page
    response = client.post(reverse("rounds:round_publish", args=[rotation_round.pk]))
    assert "blocked by documents" in _messages(response) and "VOG is missing." in _messages(response)
    assert not Placement.objects.filter(rotation_round=rotation_round).exists()
    rotation_round.refresh_from_db()
    assert rotation_round.state == State.MATCHED


def test_review_board_shows_rank_history_and_the_previous_rounds_fairness(client, world, cohort, today):
    earlier = RotationRoundFactory(
        cohort=cohort, name="Rotatie 1", start_date=date(2026, 8, 1), end_date=date(2027, 1, 31), state=State.CLOSED
    )
    for student in cohort.students.all():
        MatchProposal.objects.create(rotation_round=earlier, student=student, assignment=None, rank=None)
    MatchProposal.objects.filter(rotation_round=earlier, student=world.student.student).update(
        assignment=world.placement.assignment, rank=4
    )
    rotation_round = _matched_round(cohort)
    client.force_login(world.leader)
    page = client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).content.decode()
    assert "Rotatie 1: 4" in page
    assert "Rotatie 1: not placed" in page
    assert "Proposal per unit" in page and "Proposal per student" in page


def _grow(cohort, n):
    supervisor = SupervisorFactory(max_students=50)
    for _ in range(n // 2):
        AssignmentFactory(programme=cohort.programme, capacity=2, default_supervisor=supervisor)
    cohort.students.add(*StudentFactory.create_batch(n))


@pytest.mark.parametrize("extra", [0, 24])
def test_review_board_queries_do_not_grow_with_the_round(
    client, world, cohort, today, django_assert_max_num_queries, extra
):
    from documents.models import DocumentRequirement
    from tests.documents.conftest import requirement

    _grow(cohort, extra)
    earlier = RotationRoundFactory(
        cohort=cohort, name="Eerder", start_date=date(2026, 8, 1), end_date=date(2027, 1, 31), state=State.CLOSED
    )
    MatchProposal.objects.bulk_create(
        MatchProposal(rotation_round=earlier, student=s, rank=2) for s in cohort.students.all()
    )
    rotation_round = _matched_round(cohort)
    requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    client.force_login(world.leader)
    # session, the person with roles, round, its last matching run, proposals, 3 document queries
    # (assignments, requirements, documents), rank history, previous round, its proposals, offered
    # assignments, the move form's assignment select; the move form's student select reads the proposals
    # again; the students' rankings: count, page of students, their preferences (17 at both sizes).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("rounds:round_detail", args=[rotation_round.pk]))
    assert response.status_code == 200
    assert MatchProposal.objects.filter(rotation_round=rotation_round).count() == cohort.students.count()


@pytest.mark.parametrize("extra", [0, 12])
def test_round_list_and_ranking_page_queries_do_not_grow(
    client, world, cohort, today, django_assert_max_num_queries, extra
):
    _grow(cohort, extra)
    rotation_round = _open_round(cohort)
    client.force_login(world.leader)
    with django_assert_max_num_queries(4):  # session, the person with roles, cohorts, their rounds
        assert client.get(reverse("rounds:round_list")).status_code == 200
    # session, the person with roles, round, its last matching run, students without a ranking; the
    # rankings: students counted, a page of them, their preferences
    with django_assert_max_num_queries(8):
        assert client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).status_code == 200
    _rank(client, world.student.student, rotation_round, [a.pk for a in _offered(cohort)][:3])
    # session, the person with roles, student, round, units done by the student and the sub-units under
    # them (the rotation rule), offered, ranking
    with django_assert_max_num_queries(8):
        assert client.get(reverse("rounds:student_preferences", args=[rotation_round.pk])).status_code == 200


def test_round_list_shows_only_the_leaders_cohorts(client, world, cohort):
    mine = _open_round(cohort, name="Mijn ronde")
    _open_round(world.other_student.student.cohorts.get(), name="Andermans ronde")
    client.force_login(world.leader)
    page = client.get(reverse("rounds:round_list")).content.decode()
    assert reverse("rounds:round_detail", args=[mine.pk]) in page
    assert "Andermans ronde" not in page


def test_student_is_only_invited_to_rank_while_preferences_are_open(client, world, cohort):
    rotation_round = _open_round(cohort, state=State.DRAFT)
    client.force_login(world.student)
    link = reverse("rounds:student_preferences", args=[rotation_round.pk])
    assert link not in client.get(reverse("dashboards:student_assignment")).content.decode()
    rotation_round.state = State.PREFERENCES_OPEN
    rotation_round.save()
    assert link in client.get(reverse("dashboards:student_assignment")).content.decode()
