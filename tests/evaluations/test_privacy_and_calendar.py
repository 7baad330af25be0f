"""A person's evaluations in their data export and iCal feed; erasure keeps the aggregates, not the person."""

import json
from datetime import date

import icalendar
import pytest
from django.urls import reverse

from evaluations import selectors, services
from evaluations.models import Answer, Audience, EvaluationRequest, Response
from privacy.services import person_erase
from tests.evaluations.conftest import final_moment


def _both(world):
    created = services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=[world.placement], actor=world.leader, today=date(2026, 11, 23)
    ).created
    return {r.audience: r for r in created}


def _answers(request, text):
    qs = list(request.version.questions.all())
    return {qs[0].pk: "4", qs[1].pk: "Ja", qs[2].pk: ["Opdracht"], qs[3].pk: text}


def test_export_holds_own_requests_and_answers_only(client, world, questionnaires, today):
    requests = _both(world)
    services.evaluation_response_save(
        request=requests[Audience.STUDENT],
        user=world.student,
        answers=_answers(requests["student"], "Fijn team"),
        submit=True,
    )
    services.evaluation_response_save(
        request=requests[Audience.SUPERVISOR],
        user=world.supervisor,
        answers=_answers(requests["supervisor"], "Geheim oordeel"),
        submit=True,
    )
    client.force_login(world.student)
    data = json.loads(client.get(reverse("privacy:export_json")).content)
    [mine] = data["evaluations"]
    assert mine["role"] == "student" and mine["state"] == "submitted"
    assert {"question": "Toelichting", "answer": "Fijn team"} in mine["answers"]
    assert {"question": "Ik heb veel geleerd.", "answer": 4} in mine["answers"]
    assert "Geheim oordeel" not in json.dumps(data)


def test_erasure_keeps_aggregates_but_drops_person_and_free_texts(world, questionnaires, today):
    requests = _both(world)
    student_request, supervisor_request = requests[Audience.STUDENT], requests[Audience.SUPERVISOR]
    services.evaluation_response_save(
        request=student_request,
        user=world.student,
        answers=_answers(student_request, "Ik, Jan, vond het top"),
        submit=True,
    )
    services.evaluation_response_save(
        request=supervisor_request,
        user=world.supervisor,
        answers=_answers(supervisor_request, "Jan werkte zelfstandig"),
        submit=True,
    )
    old_token = student_request.token
    person_erase(user=world.student, actor=world.admin)

    student_request.refresh_from_db()
    assert student_request.respondent is None and student_request.token != old_token
    assert student_request.state == "submitted"
    assert not Answer.objects.exclude(text="").exists()  # both free texts: by and about the student
    results = selectors.programme_results(programme=world.programme, include_texts=True)
    likert = [r for r in results.questions if r.question.kind == "likert"]
    assert sorted(r.average for r in likert) == [4, 4] and all(r.answered == 1 for r in likert)
    # The supervisor's own link to their request is untouched.
    assert EvaluationRequest.objects.get(pk=supervisor_request.pk).respondent == world.supervisor


def test_erasure_deletes_drafts_and_closes_open_requests(world, questionnaires, today):
    request = _both(world)[Audience.SUPERVISOR]
    services.evaluation_response_save(
        request=request, user=world.supervisor, answers=_answers(request, "concept"), submit=False
    )
    person_erase(user=world.supervisor, actor=world.admin)
    request.refresh_from_db()
    assert request.state == "expired" and request.respondent is None
    assert not Response.objects.filter(request=request).exists()


def test_pending_due_dates_are_in_the_respondents_feed(client, world, questionnaires, today):
    requests = _both(world)
    services.evaluation_response_save(
        request=requests[Audience.STUDENT],
        user=world.student,
        answers=_answers(requests["student"], ""),
        submit=True,
    )
    summaries = {}
    for user in (world.student, world.supervisor, world.other_student):
        type(user).objects.filter(pk=user.pk).update(language="en")  # the feed speaks its owner's language
        feed = client.get(reverse("accounts:calendar_feed", args=[user.calendar_token]))
        cal = icalendar.Calendar.from_ical(feed.content)
        summaries[user] = {str(e["summary"]): e for e in cal.walk("VEVENT") if "Evaluation" in str(e["summary"])}
    assert summaries[world.student] == {}  # submitted: nothing due any more
    [event] = summaries[world.supervisor].values()
    due = requests[Audience.SUPERVISOR].due_date
    assert event.decoded("dtstart") == due and event.decoded("dtend") == date.fromordinal(due.toordinal() + 1)
    assert world.student.name in str(event["summary"])
    assert requests[Audience.SUPERVISOR].token in str(event["description"])
    assert summaries[world.other_student] == {}


@pytest.mark.parametrize("shared", [True, False])
def test_export_holds_supervisors_evaluation_only_if_programme_shares_it(client, world, questionnaires, today, shared):
    world.programme.students_see_supervisor_evaluation = shared
    world.programme.save()
    request = _both(world)[Audience.SUPERVISOR]
    services.evaluation_response_save(
        request=request, user=world.supervisor, answers=_answers(request, "Zelfstandig"), submit=True
    )
    client.force_login(world.student)
    data = json.loads(client.get(reverse("privacy:export_json")).content)
    assert ("Zelfstandig" in json.dumps(data.get("evaluations_about_me", []))) is shared
