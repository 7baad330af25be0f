"""Questionnaires belong to a programme, or to an organisation for all its programmes: only their leaders
and administrators see, edit and version them; the builder saves with its blank extra question forms."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from evaluations import access, services
from evaluations.models import Questionnaire
from tests.factories import ProgrammeFactory, ProgrammeLeaderFactory

from .conftest import QUESTIONS


def _owned_by_organisation(organisation, actor=None):
    return services.questionnaire_save(
        questionnaire=None,
        fields={"name": "Eenheidsbreed", "audience": "student", "organisation": organisation},
        questions=QUESTIONS,
        actor=actor,
    )


def _builder_post(owner: dict, *, extra_blank=2, **fields):
    """What the browser posts: one filled question and `extra_blank` untouched extra forms."""
    data = {"name": "Nieuw", "audience": "student", "is_active": "on", **owner, **fields}
    data |= {"questions-TOTAL_FORMS": str(1 + extra_blank), "questions-INITIAL_FORMS": "0"}
    data |= {"questions-0-text": "Hoe was het?", "questions-0-kind": "likert", "questions-0-required": "on"}
    for index in range(1, 1 + extra_blank):
        # An untouched extra form: an empty text, the select on its first kind and the box ticked.
        data |= {f"questions-{index}-text": "", f"questions-{index}-kind": "likert"}
        data |= {f"questions-{index}-required": "on", f"questions-{index}-choices": ""}
    return data


def test_a_leader_sees_their_programmes_and_organisations_questionnaires_only(world, questionnaires):
    mine = _owned_by_organisation(world.programme.organisation)
    theirs = _owned_by_organisation(world.other_programme.organisation)
    seen = set(access.questionnaires_for_user(world.leader))
    assert seen == {questionnaires[0], questionnaires[1], mine}
    assert theirs not in seen and theirs in set(access.questionnaires_for_user(world.admin))
    assert not access.questionnaires_for_user(world.student).exists()


def test_the_leader_of_a_sister_programme_edits_the_organisations_questionnaire(client, world):
    shared = _owned_by_organisation(world.programme.organisation)
    sister_leader = ProgrammeLeaderFactory(programme=ProgrammeFactory(organisation=world.programme.organisation)).user
    client.force_login(sister_leader)
    url = reverse("evaluations:questionnaire_edit", args=[shared.pk])
    assert client.get(url).status_code == 200
    # The page as the browser posts it back: the four questions shown, the first reworded, two blank extras.
    data = {"name": "Eenheidsbreed 2", "audience": "student", "organisation": world.programme.organisation.pk}
    data |= {"questions-TOTAL_FORMS": "6", "questions-INITIAL_FORMS": "4"}
    for index, question in enumerate(QUESTIONS):
        data |= {f"questions-{index}-{key}": question[key] for key in ("text", "kind")}
        data |= {f"questions-{index}-choices": "\n".join(question["choices"])}
        data |= {f"questions-{index}-required": "on"} if question["required"] else {}
    data["questions-0-text"] = "Hoe was het?"
    data |= {"questions-4-kind": "likert", "questions-4-required": "on", "questions-5-kind": "likert"}
    data["questions-5-required"] = "on"
    assert client.post(url, data).status_code == 302
    shared.refresh_from_db()
    texts = [q.text for q in shared.versions.get().questions.all()]
    assert shared.name == "Eenheidsbreed 2" and texts == ["Hoe was het?", *[q["text"] for q in QUESTIONS[1:]]]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_leader_of_another_programme_gets_404_and_changes_nothing(client, world, questionnaires, method):
    theirs = questionnaires[2]  # programme B's
    client.force_login(world.leader)
    url = reverse("evaluations:questionnaire_edit", args=[theirs.pk])
    data = _builder_post({"programme": world.programme.pk}) if method == "post" else None
    assert getattr(client, method)(url, data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.programme == world.other_programme and theirs.name != "Nieuw"


def test_a_new_questionnaire_cannot_be_given_to_another_programme(client, world, questionnaires):
    """The Nijmegen coordinator cannot make his questionnaire the Den Haag pilot's."""
    client.force_login(world.other_leader)
    for owner in ({"programme": world.programme.pk}, {"organisation": world.programme.organisation.pk}):
        page = client.post(reverse("evaluations:questionnaire_new"), _builder_post(owner))
        assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    page = client.post(reverse("evaluations:questionnaire_new"), _builder_post({}))
    assert "Choose either a programme or an organisation as owner." in page.content.decode()
    assert not Questionnaire.objects.filter(name="Nieuw").exists()


def test_the_builder_saves_one_question_with_its_blank_extra_forms(client, world):
    client.force_login(world.leader)
    page = client.post(
        reverse("evaluations:questionnaire_new"), _builder_post({"programme": world.programme.pk}), follow=True
    )
    assert "Questionnaire saved." in page.content.decode()
    questionnaire = Questionnaire.objects.get(name="Nieuw")
    assert questionnaire.programme == world.programme
    assert [q.text for q in questionnaire.versions.get().questions.all()] == ["Hoe was het?"]
    assert AuditEntry.objects.filter(action="questionnaire.created").exists()


def test_the_builder_page_lists_only_the_leaders_questionnaires(client, world, questionnaires):
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:questionnaire_new")).content.decode()
    for questionnaire in questionnaires[:2]:
        assert reverse("evaluations:questionnaire_edit", args=[questionnaire.pk]) in page
    for questionnaire in questionnaires[2:]:
        assert reverse("evaluations:questionnaire_edit", args=[questionnaire.pk]) not in page
    assert f'<option value="{world.other_programme.pk}"' not in page.split('name="programme"')[1].split("</select>")[0]
