import pytest

from evaluations.models import Audience, EvaluationMoment, MomentQuestionnaire, Question, Questionnaire
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
FINAL = "Eindevaluatie"
MIDTERM = "Tussenevaluatie"


def moment(programme, name=FINAL, *, share=100, offset_days=0, due_days=21, position=None):
    """The programme's moment of that name (made on first use): by default the final one, on the last day."""
    found, _created = EvaluationMoment.objects.get_or_create(
        programme=programme,
        name=name,
        defaults={
            "placement_share": share,
            "offset_days": offset_days,
            "due_days": due_days,
            "position": share if position is None else position,
        },
    )
    return found


def final_moment(programme):
    return moment(programme)


def midterm_moment(programme):
    return moment(programme, MIDTERM, share=50)


def ask_at(moment_, questionnaire):
    MomentQuestionnaire.objects.update_or_create(
        moment=moment_, audience=questionnaire.audience, defaults={"questionnaire": questionnaire}
    )


def make_questionnaire(audience, kind=None, actor=None, *, programme=None, at=FINAL):
    """A questionnaire with QUESTIONS owned by `programme` and asked at its moment `at` (the final one);
    given a programme kind instead, every programme of that kind gets its own (the last one is returned)."""
    programmes = [programme] if programme is not None else list(Programme.objects.filter(kind=kind).order_by("pk"))
    questionnaire = None
    for owner in programmes:
        questionnaire = Questionnaire.objects.create(name=f"Evaluatie {audience}", audience=audience, programme=owner)
        questionnaire_save_questions(questionnaire=questionnaire, questions=QUESTIONS, actor=actor)
        if at is not None:
            ask_at(moment(owner, at) if at != MIDTERM else midterm_moment(owner), questionnaire)
    return questionnaire


@pytest.fixture
def questionnaires(db):
    """Every programme asks both respondents a questionnaire of its own at its final moment."""
    return [
        make_questionnaire(audience, programme=programme)
        for programme in Programme.objects.order_by("pk")
        for audience in (Audience.STUDENT, Audience.SUPERVISOR)
    ]
