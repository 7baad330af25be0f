"""Respondent and leader pages: own requests only, one submission, results aggregated in the database."""

from datetime import date

import pytest
from django.urls import reverse

from evaluations import selectors, services
from evaluations.models import Audience, EvaluationRequest, Question
from tests.evaluations.conftest import final_moment
from tests.factories import AssignmentFactory, PlacementFactory, StudentFactory

TODAY = date(2026, 11, 23)


def _requests(world, placements=None):
    return services.evaluation_requests_create(
        moment=final_moment(world.programme),
        placements=placements or [world.placement],
        actor=world.leader,
        today=TODAY,
    ).created


def _student_request(world):
    return next(r for r in _requests(world) if r.audience == Audience.STUDENT)


def _post(request):
    qs = list(request.version.questions.all())
    return {
        f"q_{qs[0].pk}": "5",
        f"q_{qs[1].pk}": "Ja",
        f"q_{qs[2].pk}": ["Opdracht"],
        f"q_{qs[3].pk}": "Top",
        "submit": "1",
    }


def test_my_evaluations_lists_pending(client, world, questionnaires, today):
    request = _student_request(world)
    client.force_login(world.student)
    page = client.get(reverse("evaluations:mine"))
    assert reverse("evaluations:respond", args=[request.token]) in page.content.decode()


def test_in_dutch_a_pending_evaluation_is_open_and_a_pending_mail_queued(world, questionnaires, today):
    """One English word, "Pending", means three things: each has its own Dutch word."""
    from django.utils import translation

    from exchanges.models import ExchangeRequest
    from notifications.models import Notification

    request = _student_request(world)
    with translation.override("nl"):
        assert request.get_state_display() == "Open"
        assert str(ExchangeRequest.Status.PENDING.label) == "In afwachting"
        assert str(Notification.Status.PENDING.label) == "In wachtrij"


def test_link_opens_and_submits_once(client, world, questionnaires, today):
    request = _student_request(world)
    client.force_login(world.student)
    url = reverse("evaluations:respond", args=[request.token])
    assert client.get(url).status_code == 200
    assert client.post(url, _post(request)).status_code == 302
    request.refresh_from_db()
    assert request.state == "submitted"
    again = client.post(url, _post(request), follow=True)
    assert "final" in again.content.decode()


def test_missing_answer_shows_message(client, world, questionnaires, today):
    request = _student_request(world)
    client.force_login(world.student)
    data = _post(request)
    data.pop(f"q_{request.version.questions.first().pk}")
    page = client.post(reverse("evaluations:respond", args=[request.token]), data)
    assert page.status_code == 200
    assert "Please answer" in page.content.decode()
    assert EvaluationRequest.objects.get(pk=request.pk).state == "pending"


@pytest.mark.parametrize("who", ["other_student", "supervisor", "leader", "other_leader"])
def test_link_is_404_for_anyone_else(client, world, questionnaires, today, who):
    request = _student_request(world)
    client.force_login(getattr(world, who))
    assert client.get(reverse("evaluations:respond", args=[request.token])).status_code == 404


def test_expired_link_says_so(client, world, questionnaires, today):
    request = _student_request(world)
    EvaluationRequest.objects.filter(pk=request.pk).update(state="expired")
    client.force_login(world.student)
    page = client.get(reverse("evaluations:respond", args=[request.token]))
    assert page.status_code == 410
    assert "can no longer be filled in" in page.content.decode()


def test_results_of_other_programme_is_404_and_student_403(client, world, questionnaires, today):
    client.force_login(world.other_leader)
    assert client.get(reverse("evaluations:results", args=[world.programme.pk])).status_code == 404
    assert client.get(reverse("evaluations:results_csv", args=[world.programme.pk])).status_code == 404
    client.force_login(world.student)
    assert client.get(reverse("evaluations:results", args=[world.programme.pk])).status_code == 403


def _submitted(world, n, likert_values):
    """n more placements in the world's programme, each with a submitted student response."""
    assignment = AssignmentFactory(programme=world.programme, capacity=max(n, 1))
    placements = [PlacementFactory(student=StudentFactory(), assignment=assignment, supervisor=None) for _ in range(n)]
    for placement, value in zip(placements, likert_values, strict=True):
        request = EvaluationRequest.objects.get(pk=_requests(world, [placement])[0].pk)
        qs = list(request.version.questions.all())
        answers = {qs[0].pk: str(value), qs[1].pk: "Ja" if value > 2 else "Nee", qs[2].pk: ["Begeleiding", "Opdracht"]}
        services.evaluation_response_save(request=request, user=placement.student.user, answers=answers, submit=True)


def test_aggregates_match_hand_computed(world, questionnaires, today):
    _submitted(world, 4, [5, 4, 4, 1])
    _requests(world)  # two pending requests of the world's placement
    results = selectors.programme_results(programme=world.programme, include_texts=True)
    by_kind = {r.question.kind: r for r in results.questions if r.question.version.questionnaire.audience == "student"}
    likert = by_kind[Question.Kind.LIKERT]
    assert likert.counts == {"1": 1, "2": 0, "3": 0, "4": 2, "5": 1}
    assert likert.average == pytest.approx(3.5) and likert.answered == 4
    assert by_kind[Question.Kind.SINGLE].counts == {"Ja": 3, "Nee": 1}
    assert by_kind[Question.Kind.MULTIPLE].counts == {"Begeleiding": 4, "Opdracht": 4}
    student_rows = [row for row in results.rates if row["audience"] == "student"]
    assert sum(r["total"] for r in student_rows) == 5
    assert sum(r["submitted"] for r in student_rows) == 4


def test_each_results_chart_has_a_table_of_its_figures(client, world, questionnaires, today):
    """WCAG 1.1.1: the chart is an image with a text alternative; its figures are in a table beside it."""
    import re

    from tests.html import compact

    _submitted(world, 4, [5, 4, 4, 1])
    client.force_login(world.leader)
    page = compact(client.get(reverse("evaluations:results", args=[world.programme.pk])).content.decode())
    tables = re.findall(r'<table class="table table-sm evaluation-answer-counts">(.*?)</table>', page, re.S)
    charts = re.findall(r'<canvas id="chart-\d+" height="80" role="img" aria-label="([^"]+)"', page)
    assert len(tables) == len(charts) >= 3
    rows = re.findall(
        r'<tr><th scope="row" class="fw-normal">(.*?)</th><td class="text-end">(\d+)</td></tr>', "".join(tables)
    )
    assert ("4", "2") in rows and ("Ja", "3") in rows and ("Begeleiding", "4") in rows


@pytest.mark.parametrize("size", [2, 12])
def test_results_page_queries_constant(client, world, questionnaires, today, django_assert_num_queries, size):
    _submitted(world, size, [3] * size)
    client.force_login(world.leader)
    # session, the person with roles, programme, rates, questions, the answers grouped per question, moment
    # and value or choices (answered, averages, Likert and choice counts), texts, learning goals, the
    # filter's cohorts and units, the report links' cohorts: 11 at either size
    with django_assert_num_queries(11):
        page = client.get(reverse("evaluations:results", args=[world.programme.pk]))
    assert page.status_code == 200
    assert "evaluation-charts" in page.content.decode()


def test_leader_edits_questionnaire_through_page(client, world, questionnaires, today):
    questionnaire = questionnaires[0]
    client.force_login(world.leader)
    url = reverse("evaluations:questionnaire_edit", args=[questionnaire.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "Nieuw",
        "audience": "student",
        "programme": world.programme.pk,
        "is_active": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Hoe was het?",
        "questions-0-kind": "likert",
        "questions-0-required": "on",
    }
    assert client.post(url, data).status_code == 302
    assert [q.text for q in questionnaire.versions.first().questions.all()] == ["Hoe was het?"]


def test_cohort_report_prints_and_keeps_summary(client, world, questionnaires, today):
    from audit.models import AuditEntry

    _submitted(world, 2, [4, 5])
    cohort = world.programme.cohorts.get()
    client.force_login(world.leader)
    url = reverse("evaluations:cohort_report", args=[cohort.pk])
    assert client.post(url, {"summary": "Studenten namen taken over van vaste medewerkers."}).status_code == 302
    page = client.get(url).content.decode()
    assert "taken over van vaste medewerkers" in page
    assert "evaluation_print.css" in page and world.placement.assignment.title in page
    assert AuditEntry.objects.filter(action="cohort_report.updated").exists()
    client.force_login(world.other_leader)
    assert client.get(url).status_code == 404


def test_xlsx_export(client, world, questionnaires, today):
    from io import BytesIO

    from openpyxl import load_workbook

    _submitted(world, 2, [4, 5])
    client.force_login(world.leader)
    response = client.get(reverse("evaluations:results_xlsx", args=[world.programme.pk]))
    workbook = load_workbook(BytesIO(response.content))
    rows = list(workbook["Results"].values)
    assert ("Eindevaluatie", "Ik heb veel geleerd.", "Student", 1, "Likert scale 1-5", "5", 1, 4.5, 2, None) in rows


def test_a_free_text_answer_is_never_a_formula_in_the_exports(client, world, questionnaires, today):
    from io import BytesIO

    from openpyxl import load_workbook

    request = next(r for r in _requests(world) if r.audience == Audience.STUDENT)
    qs = list(request.version.questions.all())
    hostile = '=HYPERLINK("http://example.com","klik")'
    answers = {qs[0].pk: "4", qs[1].pk: "Ja", qs[2].pk: ["Opdracht"], qs[3].pk: hostile}
    services.evaluation_response_save(request=request, user=world.student, answers=answers, submit=True)
    client.force_login(world.leader)
    csv_body = client.get(reverse("evaluations:results_csv", args=[world.programme.pk])).content.decode()
    assert "'" + hostile.replace('"', '""') in csv_body
    response = client.get(reverse("evaluations:results_xlsx", args=[world.programme.pk]))
    texts = [row[-1] for row in load_workbook(BytesIO(response.content))["Results"].values]
    assert "'" + hostile in texts


@pytest.mark.parametrize("allowed", [True, False])
def test_student_sees_supervisor_evaluation_only_if_programme_allows(client, world, questionnaires, today, allowed):
    world.programme.students_see_supervisor_evaluation = allowed
    world.programme.save()
    request = next(r for r in _requests(world) if r.audience == Audience.SUPERVISOR)
    qs = list(request.version.questions.all())
    answers = {qs[0].pk: "4", qs[1].pk: "Ja", qs[3].pk: "Zeer zelfstandig gewerkt"}
    services.evaluation_response_save(request=request, user=world.supervisor, answers=answers, submit=True)
    client.force_login(world.student)
    page = client.get(reverse("evaluations:mine")).content.decode()
    assert ("Zeer zelfstandig gewerkt" in page) is allowed


def test_draft_is_saved_and_shown_again(client, world, questionnaires, today):
    request = _student_request(world)
    client.force_login(world.student)
    url = reverse("evaluations:respond", args=[request.token])
    data = _post(request)
    data.pop("submit")
    data["draft"] = "1"
    assert client.post(url, data).status_code == 302
    assert EvaluationRequest.objects.get(pk=request.pk).state == "pending"
    page = client.get(url).content.decode()
    assert "Top</textarea>" in page


def test_leader_orders_questions_on_the_page(client, world, today):
    client.force_login(world.leader)
    data = {
        "name": "Volgorde",
        "audience": "student",
        "programme": world.programme.pk,
        "is_active": "on",
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "0",
    }
    for i, (text, order) in enumerate([("Tweede", "2"), ("Eerste", "1"), ("Weg", "3")]):
        data |= {f"questions-{i}-text": text, f"questions-{i}-kind": "text", f"questions-{i}-ORDER": order}
    data["questions-2-DELETE"] = "on"
    page = client.post(reverse("evaluations:questionnaire_new"), data, follow=True)
    assert "Questionnaire saved." in page.content.decode()
    from evaluations.models import Questionnaire

    version = Questionnaire.objects.get(name="Volgorde").versions.get()
    assert [q.text for q in version.questions.all()] == ["Eerste", "Tweede"]


def test_results_count_the_supervisors_levels_from_passing_as_achieved(client, world, questionnaires, today):
    from placements.models import LearningGoal

    goals = [LearningGoal.objects.create(placement=world.placement, description=f"Doel {i}") for i in range(3)]
    requests = {r.audience: r for r in _requests(world)}
    for audience, user, levels in (
        (Audience.SUPERVISOR, world.supervisor, [3, 2, 1]),  # good, sufficient, insufficient
        (Audience.STUDENT, world.student, [1, 1, 1]),  # a self-assessment is not the supervisor's judgement
    ):
        request = requests[audience]
        qs = list(request.version.questions.all())
        services.evaluation_response_save(
            request=request,
            user=user,
            answers={qs[0].pk: "4", qs[1].pk: "Ja"},
            goals={goal.pk: level for goal, level in zip(goals, levels, strict=True)},
            submit=True,
        )
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:results", args=[world.programme.pk])).content.decode()
    assert "Supervisors judged 2 of 3 learning goals achieved." in page


def test_results_filtered_by_unit(world, questionnaires, today):
    _submitted(world, 2, [5, 5])  # on a new assignment in another unit
    _requests(world)
    request = EvaluationRequest.objects.get(placement=world.placement, audience=Audience.STUDENT)
    qs = list(request.version.questions.all())
    services.evaluation_response_save(
        request=request, user=world.student, answers={qs[0].pk: "1", qs[1].pk: "Nee"}, submit=True
    )
    unit = world.placement.assignment.unit
    results = selectors.programme_results(programme=world.programme, include_texts=True, unit=unit)
    likert = next(r for r in results.questions if r.question.kind == "likert" and r.answered)
    assert likert.average == 1 and likert.answered == 1
    assert {row["unit_name"] for row in results.rates} == {unit.name}


def test_csv_export_holds_free_texts_and_follows_the_filter(client, world, questionnaires, today):
    import csv
    import io

    request = _student_request(world)
    values = ["4", "Ja", [], "Goede begeleiding"]
    answers = {q.pk: v for q, v in zip(request.version.questions.all(), values, strict=True)}
    services.evaluation_response_save(request=request, user=world.student, answers=answers, submit=True)
    client.force_login(world.leader)
    url = reverse("evaluations:results_csv", args=[world.programme.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Answer" and any(row[-1] == "Goede begeleiding" for row in rows)
    other_unit = AssignmentFactory(programme=world.programme).unit
    rows = list(csv.reader(io.StringIO(client.get(url, {"unit": other_unit.pk}).content.decode())))
    assert not any(row[-1] == "Goede begeleiding" for row in rows)


@pytest.mark.parametrize("audience", [Audience.SUPERVISOR, Audience.STUDENT])
def test_both_respondents_are_asked_a_level_per_learning_goal(client, world, questionnaires, today, audience):
    from placements.models import LearningGoal

    goal = LearningGoal.objects.create(placement=world.placement, description="Een dossier opbouwen")
    request = next(r for r in _requests(world) if r.audience == audience)
    client.force_login(request.respondent)
    url = reverse("evaluations:respond", args=[request.token])
    page = client.get(url).content.decode()
    assert "Een dossier opbouwen" in page and "Sufficient" in page  # the programme's scale: insufficient to good
    data = _post(request)
    assert "for every learning goal" in client.post(url, data).content.decode()
    assert "Select a valid choice" in client.post(url, {**data, f"g_{goal.pk}": "9"}).content.decode()
    assert client.post(url, {**data, f"g_{goal.pk}": "3"}).status_code == 302
    assessment = EvaluationRequest.objects.get(pk=request.pk).response.goal_assessments.get()
    assert (assessment.scale, assessment.level, assessment.level_label) == ("sufficient", 3, "Good")


def test_a_draft_keeps_its_goal_levels(client, world, questionnaires, today):
    from placements.models import LearningGoal

    goal = LearningGoal.objects.create(placement=world.placement, description="Een dossier opbouwen")
    request = next(r for r in _requests(world) if r.audience == Audience.STUDENT)
    client.force_login(world.student)
    url = reverse("evaluations:respond", args=[request.token])
    assert client.post(url, {f"g_{goal.pk}": "2", "draft": "1"}).status_code == 302
    page = client.get(url).content.decode()
    assert f'name="g_{goal.pk}" value="2"' in page and "checked" in page.split(f'name="g_{goal.pk}" value="2"')[1][:40]


def test_free_texts_are_cut_to_the_newest_per_question(client, world, questionnaires, today, monkeypatch):
    assignment = AssignmentFactory(programme=world.programme, capacity=3)
    for i in range(3):
        placement = PlacementFactory(student=StudentFactory(), assignment=assignment, supervisor=None)
        request = _requests(world, [placement])[0]
        qs = list(request.version.questions.all())
        answers = {qs[0].pk: "3", qs[1].pk: "Ja", qs[3].pk: f"Opmerking {i}"}
        services.evaluation_response_save(request=request, user=placement.student.user, answers=answers, submit=True)
    results = selectors.programme_results(programme=world.programme, include_texts=True, text_limit=2)
    [text] = [r for r in results.questions if r.question.kind == Question.Kind.TEXT and r.answered]
    assert text.texts == ["Opmerking 2", "Opmerking 1"] and text.answered == 3
    from evaluations import views

    monkeypatch.setattr(views, "PAGE_TEXTS", 2)
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:results", args=[world.programme.pk])).content.decode()
    assert "The newest 2 of 3 answers" in page and "Opmerking 0" not in page
    export = client.get(reverse("evaluations:results_csv", args=[world.programme.pk])).content.decode()
    assert "Opmerking 0" in export


def test_the_results_filter_offers_the_programmes_units_escaped_with_the_chosen_one_selected(client, world):
    unit = world.placement.assignment.unit
    unit.name = "<b>Recherche</b>"
    unit.save()
    client.force_login(world.leader)
    url = reverse("evaluations:results", args=[world.programme.pk])
    page = client.get(url, {"unit": unit.pk}).content.decode()
    assert f'<option value="{unit.pk}" selected>&lt;b&gt;Recherche&lt;/b&gt;</option>' in page
    assert '<option value="">All units</option>' in page
    assert world.other_placement.assignment.unit.name not in page  # another programme's unit is no choice
    page = client.get(url, {"unit": world.other_placement.assignment.unit.pk}).content.decode()
    assert "Select a valid choice" in page  # and choosing it is refused


def test_a_response_rate_row_shows_its_unit_escaped_and_the_respondent_by_name(client, world, questionnaires):
    unit = world.placement.assignment.unit
    unit.name = "<b>Recherche</b>"
    unit.save()
    _requests(world)
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:results", args=[world.programme.pk])).content.decode()
    row = (
        "<tr><td>–</td><td>&lt;b&gt;Recherche&lt;/b&gt;</td><td>Eindevaluatie</td>"
        "<td>{}</td><td>1</td><td>0</td><td>0</td><td>0%</td></tr>"
    )
    assert row.format("Student") in page and row.format("Supervisor") in page
