import pytest

from evaluations.models import Audience, Question, Questionnaire
from evaluations.services import questionnaire_save_questions
from programmes.models import Programme

QUESTIONS = [
    {"text": "Ik heb veel geleerd.", "kind": Question.Kind.LIKERT, "required": True, "choices": []},
    {"text": "Zou je het aanraden?", "kind": Question.Kind.SINGLE, "required": True, "choices": ["Ja", "Nee"]},
    {
        "text": "Wat ging goed?",
        "kind": Question.Kind.MULTIPLE,
        "required": False,
        "choices": ["Begeleiding", "Opdracht"],
    },
    {"text": "Toelichting", "kind": Question.Kind.TEXT, "required": False, "choices": []},
]


def make_questionnaire(audience, kind=Programme.Kind.WORK_STUDENT, actor=None):
    questionnaire = Questionnaire.objects.create(name=f"Evaluatie {audience}", audience=audience, programme_kind=kind)
    questionnaire_save_questions(questionnaire=questionnaire, questions=QUESTIONS, actor=actor)
    return questionnaire


@pytest.fixture
def questionnaires(db):
    kinds = [k for k, _label in Programme.Kind.choices]
    return [make_questionnaire(a, k) for a in (Audience.STUDENT, Audience.SUPERVISOR) for k in kinds]
