"""Wisselstage!: one-day exchange internships among partner organisations in Rotterdam-Rijnmond.

`programme` makes the programme and its leader. `exchanges`, built after the evaluations, adds the exchange
days: partner organisations with a host team and a host each, two professionals per organisation (people
of the organisation, not students), coordinators at Veilig Thuis (the demo login), Politie Eenheid
Rotterdam and the Douane, a day the Veilig Thuis coordinator offers for their host, open days with
pending, accepted and declined requests, a withdrawn day, and exchanges that took place with both
reflections, so the leaders' matrix has figures. The demo supervisor (Politie Eenheid Den Haag, DRIO)
hosts a day and is a visitor too: a person may hold several roles.

Days, requests and decisions go through exchanges.services, so their rules hold and each request and
decision queues its e-mail, as in the portal; days that have passed are published and requested with
`today` set to the day itself. The reflections are recorded as history (no e-mail).
"""

from datetime import timedelta

from evaluations.models import Audience, EvaluationRequest, Question
from evaluations.services import (
    evaluation_moment_save,
    evaluation_requests_record,
    evaluation_response_save,
    questionnaire_save,
)
from exchanges.models import ExchangeRequest
from exchanges.services import (
    exchange_days_complete,
    exchange_participant_add,
    exchange_request_create,
    exchange_request_decide,
    exchange_slot_publish,
    exchange_slot_withdraw,
)
from organisations.models import Organisation
from organisations.services import unit_create
from placements.models import Placement
from programmes.models import Programme, ProgrammeLeader, Supervisor
from programmes.services import exchange_coordinator_grant, professionals_create

from ..logins import DEMO_LOGINS
from .context import DemoContext

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
# The organisations with a coordinator of their own: the demo login at Veilig Thuis, two more.
COORDINATORS = [("veilig_thuis", DEMO_LOGINS["coordinator"]), ("rotterdam", None), ("douane", None)]
COORDINATOR_NAMES = {"veilig_thuis": "Coördinator Veilig Thuis"}
ASKING = "Ik werk veel met jullie samen en wil graag een dag meekijken."
VISITING_TO_LEARN = "Ik wil graag zien hoe jullie werken."
WELCOME = "Welkom! Meld je om 9 uur bij de receptie."


def programme(ctx: DemoContext) -> None:
    """The programme and its leader; its professionals, hosts and coordinators come with `exchanges`."""
    today = ctx.today
    exchange = Programme.objects.create(
        name="Wisselstage! Rotterdam-Rijnmond",
        kind=Programme.Kind.EXCHANGE,
        organisation=ctx.organisations["veilig_thuis"],
        description="Professionals van 25 organisaties lopen een dag stage bij elkaar om van elkaar te leren.",
        start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=120),
        rotation_length=1,
        rotation_length_unit=Programme.LengthUnit.DAYS,
        funding="Actieprogramma huiselijk geweld",
    )
    ctx.programmes["exchange"] = exchange
    ProgrammeLeader.objects.create(programme=exchange, user=ctx.users["leader"])


def exchanges(ctx: DemoContext) -> None:
    today = ctx.today
    reflection_questionnaires(ctx)
    partners = organisations(ctx)
    coordinators(ctx, partners)
    visitors = {key: partner["participants"] for key, partner in partners.items()}
    me = visitors["den_haag"][0]  # the demo supervisor as a visitor

    past = []
    for visitor_key, host_key, days_ago in PAST:
        slot = publish(ctx, partners[host_key], today - timedelta(days=days_ago))
        past.append(accept(ctx, slot, visitors[visitor_key][0]).placement)
    exchange_days_complete(today=today)  # the days that took place: their placements are completed
    reflect(ctx, past)

    keys = [key for key in partners if key != "den_haag"]
    for index, key in enumerate(keys):
        slot = publish(ctx, partners[key], today + timedelta(days=7 + 4 * index))
        other = keys[(index + 1) % len(keys)]
        if index % 3 == 0:
            ask(ctx, slot, visitors[other][1])
        elif index % 3 == 1:
            decline(ask(ctx, slot, visitors[other][1]), "Die dag zit helaas al vol.")
            ask(ctx, slot, visitors[keys[(index + 2) % len(keys)]][1])
    veilig_thuis = publish(ctx, partners["veilig_thuis"], today + timedelta(days=12))
    accept(ctx, veilig_thuis, me, "Welkom bij Veilig Thuis! Je sluit om 10 uur aan bij het casusoverleg.")
    kmar = publish(ctx, partners["kmar"], today + timedelta(days=26), places=1)
    ask(ctx, kmar, me)
    drio = publish(ctx, partners["den_haag"], today + timedelta(days=16))
    ask(ctx, drio, visitors["rotterdam"][1])
    ask(ctx, drio, visitors["veilig_thuis"][1])
    # The Veilig Thuis coordinator offers a day for a host of theirs and answers its requests.
    vt = partners["veilig_thuis"]
    coordinated = exchange_slot_publish(
        actor=ctx.users["coordinator"],
        programme=ctx.programmes["exchange"],
        unit=vt["unit"],
        host=vt["host"],
        day=weekday(today + timedelta(days=19)),
        place=vt["city"],
        description="Aansluiten bij het Multidisciplinair Casusoverleg",
        places=2,
        today=today,
    )
    ask(ctx, coordinated, visitors["dordrecht"][1])
    ask(ctx, coordinated, visitors["fiod"][1])
    withdrawn = publish(ctx, partners["nvwa"], today + timedelta(days=30))
    ask(ctx, withdrawn, visitors["om"][1])
    exchange_slot_withdraw(slot=withdrawn, actor=withdrawn.published_by, message="De inspectiedag gaat niet door.")


def reflection_questionnaires(ctx: DemoContext) -> None:
    """Short reflections, the day after the visit, instead of the long placement evaluation."""
    admin = ctx.users["admin"]
    exchange = ctx.programmes["exchange"]
    asked = {
        audience: questionnaire_save(
            questionnaire=None,
            fields={"name": name, "audience": audience, "programme": exchange},
            questions=[{"text": t, "kind": k, "required": r, "choices": c} for t, k, r, c in questions],
            actor=admin,
        )
        for audience, name, questions in (
            (Audience.STUDENT, "Reflectie Wisselstage – bezoeker", VISITOR_QUESTIONS),
            (Audience.SUPERVISOR, "Reflectie Wisselstage – gastheer/gastvrouw", HOST_QUESTIONS),
        )
    }
    ctx.moments["reflection"] = evaluation_moment_save(
        programme=exchange,
        moment=None,
        fields={"name": "Reflectie", "placement_share": 100, "offset_days": 1, "due_days": 14, "position": 0},
        questionnaires=asked,
        actor=admin,
    )


def organisations(ctx: DemoContext) -> dict:
    """Per partner: its host team, its host (a supervisor there) and two professionals (people of the
    organisation, not students) who may visit."""
    exchange = ctx.programmes["exchange"]
    leader = ctx.users["leader"]
    partners = {}
    for key, name, kind, city, team, sees in PARTNERS:
        organisation = ctx.organisations.get(key) or Organisation.objects.create(name=name, kind=kind, city=city)
        ctx.organisations[key] = organisation
        unit = ctx.units.get(team)
        if unit is None or unit.organisation_id != organisation.pk:
            unit = unit_create(organisation=organisation, name=team, address=city, actor=ctx.users["admin"])
        if key == "den_haag":  # the demo supervisor hosts the DRIO's days and is one of its visitors
            host = Supervisor.objects.get(user=ctx.users["supervisor"])
            known = [host.user]
        else:
            host = ctx.supervisor([unit], "Gastheer/gastvrouw Wisselstage")
            known = []
        people = [ctx.identity() for _ in range(2 - len(known))]
        professionals = professionals_create(people=people, users=known, organisation=organisation, actor=leader)
        ctx.people.extend(p.user_id for p in professionals)
        participants = [
            exchange_participant_add(programme=exchange, professional=professional, actor=leader)
            for professional in professionals
        ]
        partners[key] = {"unit": unit, "host": host, "participants": participants, "sees": sees, "city": city}
    return partners


def coordinators(ctx: DemoContext, partners: dict) -> None:
    """A few organisations arrange their own part: a coordinator each (the demo login at Veilig Thuis)."""
    exchange, leader = ctx.programmes["exchange"], ctx.users["leader"]
    for key, email in COORDINATORS:
        user = ctx.person(email=email, name=COORDINATOR_NAMES.get(key))
        exchange_coordinator_grant(programme=exchange, organisation=ctx.organisations[key], user=user, actor=leader)
        if key == "veilig_thuis":
            ctx.users["coordinator"] = user


def weekday(day):
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def publish(ctx: DemoContext, partner: dict, day, places=2):
    """The host offers a day (a weekend day moves to Monday, or back to Friday when it has passed)."""
    day = weekday(day) if day >= ctx.today else day - timedelta(days=max(0, day.weekday() - 4))
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


def ask(ctx: DemoContext, slot, participant, message=ASKING) -> ExchangeRequest:
    return exchange_request_create(participant=participant, slot=slot, message=message, today=min(slot.date, ctx.today))


def accept(ctx: DemoContext, slot, participant, message=WELCOME) -> ExchangeRequest:
    request = ask(ctx, slot, participant, VISITING_TO_LEARN)
    return exchange_request_decide(request=request, actor=slot.published_by, accept=True, message=message)


def decline(request: ExchangeRequest, message: str) -> ExchangeRequest:
    return exchange_request_decide(request=request, actor=request.slot.published_by, accept=False, message=message)


def reflect(ctx: DemoContext, placements: list[Placement]) -> None:
    """Both reflections on the days that took place; the demo supervisor's own are left to fill in."""
    evaluation_requests_record(placements=placements, moment=ctx.moments["reflection"], sent_on=ctx.today)
    demo_user = ctx.users["supervisor"]
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
        evaluation_response_save(
            request=request, user=request.respondent, answers=answers, submit=True, today=ctx.today
        )
