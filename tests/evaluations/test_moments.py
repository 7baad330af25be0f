"""Evaluation moments: a programme asks at mid-term and at the end (or whenever it chooses), each
placement once per moment and respondent, and the results set the moments side by side."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEntry
from evaluations import selectors, services
from evaluations.models import Audience, EvaluationMoment, EvaluationRequest
from tests.factories import AssignmentFactory, PlacementFactory, ProgrammeFactory

from .conftest import FINAL, MIDTERM, ask_at, final_moment, make_questionnaire, midterm_moment

START, END = date(2026, 8, 1), date(2027, 1, 31)  # the world's placements
MIDDLE = START + (END - START) / 2


@pytest.fixture
def two_moments(world, questionnaires):
    """The world's programme asks both respondents its questionnaires at mid-term too."""
    midterm = midterm_moment(world.programme)
    for questionnaire in questionnaires[:2]:
        ask_at(midterm, questionnaire)
    return midterm, final_moment(world.programme)


def _answer(request, value):
    qs = list(request.version.questions.all())
    answers = {qs[0].pk: str(value), qs[1].pk: "Ja" if value > 2 else "Nee"}
    services.evaluation_response_save(
        request=request, user=request.respondent, answers=answers, submit=True, today=request.sent_on
    )


def test_dispatch_asks_at_mid_term_and_at_the_end_each_once(world, two_moments):
    midterm, _final = two_moments
    assert services.evaluation_dispatch_due(today=MIDDLE - timedelta(days=1)) == 0
    assert services.evaluation_dispatch_due(today=MIDDLE) == 2
    assert services.evaluation_dispatch_due(today=MIDDLE + timedelta(days=1)) == 0
    assert services.evaluation_dispatch_due(today=END) == 4  # the mid-term does not block the final
    assert services.evaluation_dispatch_due(today=END) == 0
    asked = set(EvaluationRequest.objects.filter(placement=world.placement).values_list("moment__name", "audience"))
    assert asked == {(MIDTERM, "student"), (MIDTERM, "supervisor"), (FINAL, "student"), (FINAL, "supervisor")}
    request = EvaluationRequest.objects.get(placement=world.placement, moment=midterm, audience="student")
    assert (request.sent_on, request.due_date) == (MIDDLE, MIDDLE + timedelta(days=midterm.due_days))


def test_a_missed_run_catches_up_but_a_moment_long_past_is_not_asked(world, two_moments):
    midterm, _final = two_moments
    assert services.evaluation_dispatch_due(today=MIDDLE + timedelta(days=3)) == 2  # the job was down 3 days
    assert EvaluationRequest.objects.filter(moment=midterm).count() == 2
    late = EvaluationMoment.objects.create(programme=world.programme, name="Start", placement_share=0, due_days=14)
    ask_at(late, make_questionnaire(Audience.STUDENT, programme=world.programme, at=None))
    assert services.evaluation_dispatch_due(today=MIDDLE + timedelta(days=4)) == 0
    assert not EvaluationRequest.objects.filter(moment=late).exists()


def test_a_reflection_the_day_after_and_a_moment_before_the_end(world, questionnaires):
    EvaluationMoment.objects.filter(programme=world.programme).update(offset_days=1)
    assert services.evaluation_dispatch_due(today=END) == 2  # only programme B's, on its last day
    assert services.evaluation_dispatch_due(today=END + timedelta(days=1)) == 2
    assert set(
        EvaluationRequest.objects.filter(sent_on=END + timedelta(days=1)).values_list("placement", flat=True)
    ) == {world.placement.pk}


def test_hand_made_requests_at_mid_term_do_not_block_the_final_ones(world, two_moments, today):
    midterm, final = two_moments
    first = services.evaluation_requests_create(placements=[world.placement], moment=midterm, actor=world.leader)
    second = services.evaluation_requests_create(placements=[world.placement], moment=final, actor=world.leader)
    again = services.evaluation_requests_create(placements=[world.placement], moment=final, actor=world.leader)
    assert (len(first.created), len(second.created), len(again.created), again.existing) == (2, 2, 0, 2)
    entries = AuditEntry.objects.filter(action="evaluation_request.created")
    assert sorted(entry.changes["moment"] for entry in entries) == [FINAL, FINAL, MIDTERM, MIDTERM]


def test_hand_made_requests_leave_out_placements_of_another_programme(world, two_moments, today):
    _midterm, final = two_moments
    batch = services.evaluation_requests_create(
        placements=[world.placement, world.other_placement], moment=final, actor=world.leader
    )
    assert {r.placement_id for r in batch.created} == {world.placement.pk}


def test_a_moment_asks_only_its_programmes_questionnaires_of_the_right_role(world, questionnaires):
    mine, theirs = questionnaires[0], questionnaires[2]  # student questionnaires of A and of B
    fields = {"name": "Tussentijds", "placement_share": 50, "offset_days": 0, "due_days": 14, "position": 1}
    with pytest.raises(ValidationError, match="belongs to another programme"):
        services.evaluation_moment_save(
            programme=world.programme, moment=None, fields=fields, questionnaires={"student": theirs}, actor=None
        )
    with pytest.raises(ValidationError, match="not a questionnaire for this respondent"):
        services.evaluation_moment_save(
            programme=world.programme, moment=None, fields=fields, questionnaires={"supervisor": mine}, actor=None
        )
    with pytest.raises(ValidationError, match="percentage"):
        services.evaluation_moment_save(
            programme=world.programme,
            moment=None,
            fields={**fields, "placement_share": 150},
            questionnaires={},
            actor=None,
        )
    moment = services.evaluation_moment_save(
        programme=world.programme, moment=None, fields=fields, questionnaires={"student": mine}, actor=world.leader
    )
    assert [link.questionnaire for link in moment.questionnaire_links.all()] == [mine]
    assert AuditEntry.objects.get(action="evaluation_moment.created").actor == world.leader


def test_an_organisations_questionnaire_serves_all_its_programmes(world):
    from evaluations.models import Questionnaire

    sister = ProgrammeFactory(organisation=world.programme.organisation)
    shared = services.questionnaire_save(
        questionnaire=None,
        fields={"name": "Gedeeld", "audience": "student", "organisation": world.programme.organisation},
        questions=[{"text": "Hoe ging het?", "kind": "likert", "required": True, "choices": []}],
        actor=world.leader,
    )
    fields = {"name": FINAL, "placement_share": 100, "offset_days": 0, "due_days": 21, "position": 0}
    for programme in (world.programme, sister):
        services.evaluation_moment_save(
            programme=programme, moment=None, fields=fields, questionnaires={"student": shared}, actor=None
        )
    with pytest.raises(ValidationError, match="new owner does not cover"):
        services.questionnaire_save(
            questionnaire=shared,
            fields={"programme": world.programme, "organisation": None},
            questions=[{"text": "Hoe ging het?", "kind": "likert", "required": True, "choices": []}],
            actor=world.leader,
        )
    assert Questionnaire.objects.get(pk=shared.pk).organisation == world.programme.organisation


def test_a_moment_is_deleted_only_while_nobody_was_asked(world, two_moments, today):
    midterm, final = two_moments
    services.evaluation_requests_create(placements=[world.placement], moment=final, actor=world.leader)
    with pytest.raises(ValidationError, match="no longer be deleted"):
        services.evaluation_moment_delete(moment=final, actor=world.leader)
    services.evaluation_moment_delete(moment=midterm, actor=world.leader)
    assert list(EvaluationMoment.objects.filter(programme=world.programme)) == [final]


def test_results_compare_mid_term_and_final_per_question(world, two_moments):
    midterm, final = two_moments
    assignment = AssignmentFactory(programme=world.programme)
    placements = [PlacementFactory(assignment=assignment, start_date=START, end_date=END) for _ in range(2)]
    services.evaluation_dispatch_due(today=MIDDLE)
    services.evaluation_dispatch_due(today=END)
    for placement, (mid, end) in zip(placements, [(2, 4), (3, 5)], strict=True):
        student = EvaluationRequest.objects.filter(placement=placement, audience="student")
        _answer(student.get(moment=midterm), mid)
        _answer(student.get(moment=final), end)
    results = selectors.programme_results(programme=world.programme, include_texts=True)
    assert results.moments == [(midterm.pk, MIDTERM), (final.pk, FINAL)] and results.compares_moments
    likert = next(r for r in results.questions if r.question.kind == "likert" and r.answered)
    assert [(s.name, s.answered, s.average) for s in likert.per_moment] == [(MIDTERM, 2, 2.5), (FINAL, 2, 4.5)]
    assert likert.average == 3.5 and likert.counts == {"1": 0, "2": 1, "3": 1, "4": 1, "5": 1}
    rates = {}
    for row in results.rates:  # per cohort and unit: summed per moment and respondent
        total, submitted = rates.get((row["moment_name"], row["audience"]), (0, 0))
        rates[(row["moment_name"], row["audience"])] = (total + row["total"], submitted + row["submitted"])
    assert rates[(MIDTERM, "student")] == (3, 2) and rates[(FINAL, "supervisor")] == (3, 0)


# --- pages --------------------------------------------------------------------------------------


def _moment_data(**overrides):
    return {"name": "Tussenevaluatie", "placement_share": "50", "offset_days": "0", "due_days": "21", "position": "1"}


def test_leader_adds_a_mid_term_moment_through_the_page(client, world, questionnaires):
    client.force_login(world.leader)
    url = reverse("evaluations:moment_new", args=[world.programme.pk])
    page = client.get(url).content.decode()
    assert f'value="{questionnaires[0].pk}"' in page and f'value="{questionnaires[2].pk}"' not in page
    data = _moment_data() | {"questionnaire_student": questionnaires[0].pk}
    page = client.post(url, data, follow=True).content.decode()
    assert "Evaluation moment saved." in page and "Tussenevaluatie" in page
    moment = EvaluationMoment.objects.get(programme=world.programme, name="Tussenevaluatie")
    assert moment.placement_share == 50 and moment.questionnaire_links.get().questionnaire == questionnaires[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"placement_share": "150"}, "Ensure this value is less than or equal to 100."),
        ({"due_days": "x"}, "Enter a whole number."),
        ({"name": FINAL}, "This programme has a moment with this name already."),
        ({"questionnaire_student": "OTHER"}, "Select a valid choice."),
    ],
)
def test_bad_moment_input_is_a_form_error(client, world, questionnaires, data, message):
    client.force_login(world.leader)
    data = _moment_data() | data
    if data.get("questionnaire_student") == "OTHER":
        data["questionnaire_student"] = questionnaires[2].pk  # programme B's
    page = client.post(reverse("evaluations:moment_new", args=[world.programme.pk]), data)
    assert page.status_code == 200 and escape(message) in page.content.decode()
    assert EvaluationMoment.objects.filter(programme=world.programme).count() == 1


def test_moment_pages_list_edit_and_delete(client, world, two_moments, today):
    midterm, final = two_moments
    services.evaluation_requests_create(placements=[world.placement], moment=final, actor=world.leader)
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:moments", args=[world.programme.pk])).content.decode()
    assert page.count('class="evaluation-moment"') == 2
    assert reverse("evaluations:moment_delete", args=[midterm.pk]) in page
    assert reverse("evaluations:moment_delete", args=[final.pk]) not in page  # people were asked
    edit = reverse("evaluations:moment_edit", args=[midterm.pk])
    data = _moment_data() | {"due_days": "10", "questionnaire_student": ""}
    client.post(edit, data)
    midterm.refresh_from_db()
    assert midterm.due_days == 10 and not midterm.questionnaire_links.filter(audience="student").exists()
    page = client.post(reverse("evaluations:moment_delete", args=[final.pk]), follow=True).content.decode()
    assert "no longer be deleted" in page
    client.post(reverse("evaluations:moment_delete", args=[midterm.pk]))
    assert not EvaluationMoment.objects.filter(pk=midterm.pk).exists()


@pytest.mark.parametrize("name", ["moments", "moment_new"])
def test_leader_of_another_programme_gets_404_on_the_moment_pages(client, world, questionnaires, name):
    client.force_login(world.other_leader)
    assert client.get(reverse(f"evaluations:{name}", args=[world.programme.pk])).status_code == 404
    moment = final_moment(world.programme)
    assert client.get(reverse("evaluations:moment_edit", args=[moment.pk])).status_code == 404
    assert client.post(reverse("evaluations:moment_delete", args=[moment.pk])).status_code == 404
    assert EvaluationMoment.objects.filter(pk=moment.pk).exists()


def test_results_page_shows_mid_term_beside_final(client, world, two_moments):
    midterm, final = two_moments
    services.evaluation_dispatch_due(today=MIDDLE)
    services.evaluation_dispatch_due(today=END)
    for moment, value in ((midterm, 2), (final, 5)):
        _answer(EvaluationRequest.objects.get(placement=world.placement, moment=moment, audience="student"), value)
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:results", args=[world.programme.pk])).content.decode()
    assert "evaluation-moments-compared" in page
    assert f'<th scope="col">{MIDTERM}</th><th scope="col">{FINAL}</th>' in page
    assert "<td>2.00</td><td>5.00</td>" in page
