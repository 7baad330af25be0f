"""Demo Wisselstage!: partner organisations offer exchange days, professionals ask for them.

Builds on the exchange programme of placements.demo: partner organisations with a host team and a host
each, two professionals per organisation, open days with pending, accepted and declined requests, a
withdrawn day, and exchanges that took place with both reflections, so the leaders' matrix has figures.
The demo supervisor (Politie Eenheid Den Haag, DRIO) hosts a day and is a visitor too: a person may hold
several roles. Requests are written as history (no e-mails are sent for the demo); slots and placements
go through the services, so their rules hold.
"""

from datetime import timedelta

from evaluations import services as evaluation_services
from evaluations.models import Audience, EvaluationRequest, Question, Questionnaire
from organisations.models import Organisation, Unit
from placements.demo import _user
from placements.models import Placement
from placements.services import placement_create
from programmes.models import Programme, Student, Supervisor

from .models import ExchangeParticipant, ExchangeRequest
from .services import exchange_slot_publish, exchange_slot_withdraw

PARTNERS = [
    # key, organisation, kind, city, host team, what the visitor will see
    ("den_haag", "Politie Eenheid Den Haag", "police_unit", "Den Haag", "DRIO", "Een dag bij de analisten van de DRIO"),
    (
        "rotterdam",
        "Politie Eenheid Rotterdam",
        "police_unit",
        "Rotterdam",
        "Gebiedsgebonden Politiezorg",
        "Een dienst mee met de wijkagent, inclusief het wijkteamoverleg",
    ),
    (
        "veilig_thuis",
        "Veilig Thuis Rotterdam-Rijnmond",
        "partner",
        "Rotterdam",
        "Procesregie",
        "Meelopen met een procesregisseur: hoe wordt een zorgmelding gewogen?",
    ),
    (
        "dordrecht",
        "Gemeente Dordrecht",
        "municipality",
        "Dordrecht",
        "Sociaal Domein",
        "Een dag bij de portefeuillehouder Sociaal Domein",
    ),
    (
        "nijmegen",
        "Gemeente Nijmegen",
        "municipality",
        "Nijmegen",
        "Toezicht & Handhaving",
        "Op pad met de boa's van Toezicht & Handhaving",
    ),
    (
        "fiod",
        "Belastingdienst/FIOD",
        "partner",
        "Rotterdam",
        "FIOD Opsporing",
        "Meekijken bij een fraudeonderzoek: van signaal tot doorzoeking",
    ),
    ("kmar", "Koninklijke Marechaussee", "partner", "Schiphol", "Brigade Schiphol", "Grenstoezicht op Schiphol"),
    ("douane", "Douane", "partner", "Rotterdam", "Douane Rotterdam Haven", "Containercontrole in de haven"),
    ("nvwa", "NVWA", "partner", "Utrecht", "Inspectie Handhaving", "Een inspectiedag voedselveiligheid"),
    (
        "om",
        "Openbaar Ministerie Rotterdam",
        "partner",
        "Rotterdam",
        "Parket Rotterdam",
        "Een zittingsdag en het ZSM-overleg",
    ),
    (
        "reclassering",
        "Reclassering Nederland",
        "partner",
        "Rotterdam",
        "Regio Rotterdam",
        "Meelopen met een reclasseringswerker",
    ),
    (
        "raad",
        "Raad voor de Kinderbescherming",
        "partner",
        "Dordrecht",
        "Regio Rotterdam-Dordrecht",
        "Een dag raadsonderzoek",
    ),
]
VISITOR_QUESTIONS = [
    ("Ik heb een beter beeld van hoe deze organisatie werkt.", Question.Kind.LIKERT, True, []),
    ("Weet je nu wie je bij deze organisatie kunt bellen?", Question.Kind.SINGLE, True, ["Ja", "Nee"]),
    ("Wat neem je mee naar je eigen organisatie?", Question.Kind.TEXT, True, []),
]
HOST_QUESTIONS = [
    ("De bezoeker stelde goede vragen.", Question.Kind.LIKERT, True, []),
    (
        "Heb je zelf iets geleerd over de organisatie van de bezoeker?",
        Question.Kind.SINGLE,
        True,
        ["Ja", "Een beetje", "Nee"],
    ),
    ("Toelichting", Question.Kind.TEXT, False, []),
]
LESSONS = [
    "Hoe een zorgmelding van de politie wordt gewogen en welke route die aflegt.",
    "Dat we elkaar eerder kunnen bellen in plaats van alles zelf te willen doen.",
    "Hoe snel er geschakeld moet worden bij de opvang van vluchtelingen.",
]
# (visitor organisation, host organisation, days before today) of the exchanges that took place
PAST = [("rotterdam", "veilig_thuis", 35), ("veilig_thuis", "dordrecht", 28), ("nijmegen", "rotterdam", 21),
        ("fiod", "douane", 14), ("kmar", "den_haag", 7), ("douane", "fiod", 10), ("om", "reclassering", 12),
        ("den_haag", "douane", 5)]  # fmt: skip


def _questionnaires(admin) -> None:
    """Short reflections replace the long placement evaluation for exchange days."""
    Questionnaire.objects.filter(programme_kind=Programme.Kind.EXCHANGE).update(is_active=False)
    for audience, name, questions in (
        (Audience.STUDENT, "Reflectie Wisselstage – bezoeker", VISITOR_QUESTIONS),
        (Audience.SUPERVISOR, "Reflectie Wisselstage – gastheer/gastvrouw", HOST_QUESTIONS),
    ):
        questionnaire = Questionnaire.objects.create(
            name=name, audience=audience, programme_kind=Programme.Kind.EXCHANGE
        )
        evaluation_services.questionnaire_save_questions(
            questionnaire=questionnaire,
            questions=[{"text": t, "kind": k, "required": r, "choices": c} for t, k, r, c in questions],
            actor=admin,
        )


def _organisations(ctx) -> dict:
    """Per partner: its host team, its host (a supervisor there) and two professionals who may visit."""
    cohort = ctx.programmes["exchange"].cohorts.first()
    partners = {}
    for key, name, kind, city, team, sees in PARTNERS:
        organisation = ctx.organisations.get(key) or Organisation.objects.create(name=name, kind=kind, city=city)
        unit = Unit.objects.get_or_create(organisation=organisation, name=team, defaults={"address": city})[0]
        if key == "den_haag":
            host = Supervisor.objects.get(user=ctx.users["supervisor"])
        else:
            host = Supervisor.objects.create(user=_user(ctx), job_title="Gastheer/gastvrouw Wisselstage")
            host.units.add(unit)
        professionals = [_user(ctx) for _ in range(2)]
        if key == "den_haag":
            professionals[0] = ctx.users["supervisor"]
        participants = []
        for user in professionals:
            student = Student.objects.get_or_create(
                user=user, defaults={"institution": name, "study_programme": "Professional"}
            )[0]
            if cohort is not None:
                cohort.students.add(student)
            participants.append(
                ExchangeParticipant.objects.create(
                    programme=ctx.programmes["exchange"], student=student, organisation=organisation
                )
            )
        partners[key] = {"unit": unit, "host": host, "participants": participants, "sees": sees, "city": city}
    return partners


def _weekday(day):
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def _slot(ctx, partners, key, day, places=2):
    partner = partners[key]
    day = _weekday(day) if day >= ctx.today else day - timedelta(days=max(0, day.weekday() - 4))
    return exchange_slot_publish(
        actor=partner["host"].user,
        programme=ctx.programmes["exchange"],
        unit=partner["unit"],
        day=day,
        place=partner["unit"].address or partner["city"],
        description=partner["sees"],
        places=places,
        today=min(day, ctx.today),
    )


def _accept(slot, participant, message="", status=Placement.Status.PLANNED):
    placement = placement_create(
        student=participant.student,
        assignment=slot.assignment,
        start_date=slot.date,
        end_date=slot.date,
        status=status,
        check_supervisor_load=False,
    )
    return ExchangeRequest.objects.create(
        slot=slot,
        participant=participant,
        message="Ik wil graag zien hoe jullie werken.",
        status=ExchangeRequest.Status.ACCEPTED,
        decision_message=message or "Welkom! Meld je om 9 uur bij de receptie.",
        placement=placement,
    )


def _ask(slot, participant, status=ExchangeRequest.Status.PENDING, answer=""):
    return ExchangeRequest.objects.create(
        slot=slot,
        participant=participant,
        message="Ik werk veel met jullie samen en wil graag een dag meekijken.",
        status=status,
        decision_message=answer,
    )


def _reflections(ctx, placements, demo_user) -> None:
    """Both reflections on the days that took place; the demo supervisor's own are left to fill in."""
    versions = evaluation_services._current_versions()
    targets = evaluation_services._targets(Placement.objects.filter(pk__in=[p.pk for p in placements]))
    rows = evaluation_services._requests_for(targets, ctx.today, versions)
    evaluation_services.requests_insert(rows)
    for request in EvaluationRequest.objects.filter(placement__in=placements).prefetch_related("version__questions"):
        if request.respondent_id == demo_user.pk:
            continue
        answers = {}
        for question in request.version.questions.all():
            if question.kind == Question.Kind.LIKERT:
                answers[question.pk] = str(ctx.rng.choice([3, 4, 4, 5, 5]))
            elif question.kind == Question.Kind.SINGLE:
                answers[question.pk] = question.choices[0]
            else:
                answers[question.pk] = ctx.rng.choice(LESSONS)
        evaluation_services.evaluation_response_save(
            request=request, user=request.respondent, answers=answers, submit=True, today=ctx.today
        )


def extend(ctx) -> None:
    if "exchange" not in ctx.programmes:
        return
    today = ctx.today
    _questionnaires(ctx.users.get("admin"))
    partners = _organisations(ctx)
    visitors = {key: partner["participants"] for key, partner in partners.items()}
    me = visitors["den_haag"][0]  # the demo supervisor as a visitor

    past = []
    for visitor_key, host_key, days_ago in PAST:
        slot = _slot(ctx, partners, host_key, today - timedelta(days=days_ago))
        visitor = visitors[visitor_key][0] if visitor_key != "den_haag" else me
        past.append(_accept(slot, visitor, status=Placement.Status.COMPLETED).placement)
    placements = list(
        Placement.objects.filter(pk__in=[p.pk for p in past]).select_related(
            "assignment__programme", "student__user", "supervisor__user"
        )
    )
    _reflections(ctx, placements, ctx.users["supervisor"])

    keys = [key for key in partners if key != "den_haag"]
    for index, key in enumerate(keys):
        slot = _slot(ctx, partners, key, today + timedelta(days=7 + 4 * index))
        other = keys[(index + 1) % len(keys)]
        if index % 3 == 0:
            _ask(slot, visitors[other][1])
        elif index % 3 == 1:
            _ask(slot, visitors[other][1], ExchangeRequest.Status.DECLINED, "Die dag zit helaas al vol.")
            _ask(slot, visitors[keys[(index + 2) % len(keys)]][1])
    veilig_thuis = _slot(ctx, partners, "veilig_thuis", today + timedelta(days=12))
    _accept(veilig_thuis, me, "Welkom bij Veilig Thuis! Je sluit om 10 uur aan bij het casusoverleg.")
    kmar = _slot(ctx, partners, "kmar", today + timedelta(days=26), places=1)
    _ask(kmar, me)
    drio = _slot(ctx, partners, "den_haag", today + timedelta(days=16))
    _ask(drio, visitors["rotterdam"][1])
    _ask(drio, visitors["veilig_thuis"][1])
    withdrawn = _slot(ctx, partners, "nvwa", today + timedelta(days=30))
    _ask(withdrawn, visitors["om"][1], ExchangeRequest.Status.DECLINED, "De inspectiedag gaat niet door.")
    exchange_slot_withdraw(slot=withdrawn, actor=partners["nvwa"]["host"].user, message="")
