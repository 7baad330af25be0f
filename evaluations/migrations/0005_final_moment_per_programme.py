"""Today's behaviour as data: every programme gets a "final" moment (its last day, or the programme's
`evaluation_days_before_end` earlier; due after `evaluation_due_days`) asking the questionnaires its kind
used, and every existing request points at it.

Questionnaires were shared per programme kind; each now belongs to the organisation of the programmes that
used it. When programmes of several organisations shared one, the first organisation keeps it (with its
history) and every other organisation gets its own copy of the current questions, so no leader sees or
edits another organisation's questionnaire. A questionnaire no programme could use is deleted."""

from django.db import migrations

FINAL = "Eindevaluatie"


def _copy(Questionnaire, QuestionnaireVersion, Question, questionnaire, organisation_id):
    copy = Questionnaire.objects.create(
        name=questionnaire.name,
        audience=questionnaire.audience,
        is_active=questionnaire.is_active,
        programme_kind=questionnaire.programme_kind,
        organisation_id=organisation_id,
    )
    newest = questionnaire.versions.order_by("-number").first()
    if newest is not None:
        version = QuestionnaireVersion.objects.create(questionnaire=copy, number=1)
        Question.objects.bulk_create(
            Question(
                version=version,
                position=q.position,
                text=q.text,
                kind=q.kind,
                required=q.required,
                choices=q.choices,
            )
            for q in newest.questions.order_by("position", "id")
        )
    return copy


def _owners(apps):
    """Give every questionnaire an owning organisation; returns {(questionnaire id, organisation id): id of
    the questionnaire that organisation now owns in its place (itself or its copy)}."""
    Questionnaire = apps.get_model("evaluations", "Questionnaire")
    QuestionnaireVersion = apps.get_model("evaluations", "QuestionnaireVersion")
    Question = apps.get_model("evaluations", "Question")
    Programme = apps.get_model("programmes", "Programme")
    owned = {}
    for questionnaire in Questionnaire.objects.order_by("id"):
        used_by = Programme.objects.filter(kind=questionnaire.programme_kind) | Programme.objects.filter(
            assignments__placements__evaluation_requests__version__questionnaire=questionnaire
        )
        organisations = sorted(set(used_by.values_list("organisation_id", flat=True)))
        if not organisations:
            questionnaire.delete()
            continue
        questionnaire.organisation_id = organisations[0]
        questionnaire.save(update_fields=["organisation"])
        owned[(questionnaire.pk, organisations[0])] = questionnaire.pk
        for organisation_id in organisations[1:]:
            copy = _copy(Questionnaire, QuestionnaireVersion, Question, questionnaire, organisation_id)
            owned[(questionnaire.pk, organisation_id)] = copy.pk
    return owned


def _current(apps):
    """The questionnaire the old dispatch used per (kind, audience): the newest active one with a version."""
    QuestionnaireVersion = apps.get_model("evaluations", "QuestionnaireVersion")
    current = {}
    for version in (
        QuestionnaireVersion.objects.filter(questionnaire__is_active=True)
        .select_related("questionnaire")
        .order_by("questionnaire_id", "number")
    ):
        current[(version.questionnaire.programme_kind, version.questionnaire.audience)] = version.questionnaire
    return current


def forwards(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    EvaluationMoment = apps.get_model("evaluations", "EvaluationMoment")
    MomentQuestionnaire = apps.get_model("evaluations", "MomentQuestionnaire")
    EvaluationRequest = apps.get_model("evaluations", "EvaluationRequest")
    current = _current(apps)  # before the copies: the copies have the same kind, audience and activity
    owned = _owners(apps)
    for programme in Programme.objects.order_by("id"):
        moment = EvaluationMoment.objects.create(
            programme=programme,
            name=FINAL,
            placement_share=100,
            offset_days=-min(programme.evaluation_days_before_end, 366),
            due_days=max(1, min(programme.evaluation_due_days, 366)),
            position=0,
        )
        for audience in ("student", "supervisor"):
            questionnaire = current.get((programme.kind, audience))
            if questionnaire is None:
                continue
            # The programme's kind used it, so its organisation owns it or a copy.
            pk = owned[(questionnaire.pk, programme.organisation_id)]
            MomentQuestionnaire.objects.create(moment=moment, audience=audience, questionnaire_id=pk)
        EvaluationRequest.objects.filter(placement__assignment__programme=programme).update(moment=moment)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_evaluation_moments_and_owners"),
        ("placements", "0006_placement_scope_and_period_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
