"""Hours and logbooks of the Nijmegen internships: the required hours of both programmes, weeks recorded by
the project students since their placement began (most approved by their supervisor, the last one
awaiting approval, one returned, one missing so the late-week reminder has something to send), and
field observations in the project students' logbooks, one with a photo."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hours.services import hours_week_review, hours_week_save, hours_weeks_recordable
from logbook.services import logbook_comment_add, logbook_entry_create
from placements.models import Placement
from programmes.services import programme_required_hours_set

from .context import DemoContext

BLOCK_HOURS = 400  # BPV hours of the level 3 block internship
PROJECT_HOURS = 240
OBSERVATIONS = [
    ("Plein 1944, terrassen", "Rond 14:00 erg druk; de anderhalve meter wordt bij de bar niet aangehouden."),
    ("Molenstraat, winkelgebied", "Looprichting staat aangegeven, de meeste mensen volgen hem. Jongeren niet."),
    ("Waalkade bij de Lindenberg", "Zonnig weer, veel groepjes jongeren op de trappen. Geen handhavers gezien."),
]


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (70, 110, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile("waalkade.jpg", buffer.getvalue(), content_type="image/jpeg")


def build(ctx: DemoContext) -> None:
    leader = ctx.users["enforcement_leader"]
    programme_required_hours_set(programme=ctx.programmes["nijmegen_block"], required_hours=BLOCK_HOURS, actor=leader)
    project = ctx.programmes["nijmegen_project"]
    programme_required_hours_set(programme=project, required_hours=PROJECT_HOURS, actor=leader)
    placements = list(
        Placement.objects.filter(assignment__programme=project)
        .select_related("student__user", "supervisor__user")
        .order_by("pk")
    )
    for index, placement in enumerate(placements):
        _hours(ctx, placement, index)
        if index < 8:
            _logbook(ctx, placement, index)


def _hours(ctx: DemoContext, placement: Placement, index: int) -> None:
    student, supervisor = placement.student.user, placement.supervisor.user
    this_week = ctx.today - timedelta(days=ctx.today.weekday())
    weeks = [w for w in hours_weeks_recordable(placement=placement, today=ctx.today) if w < this_week]
    for number, monday in enumerate(weeks):
        last = number == len(weeks) - 1
        if last and index == 3:
            continue  # a week not recorded: the late-week reminder goes to this student
        week = hours_week_save(
            placement=placement,
            week_start=monday,
            hours_worked=Decimal(28 + ctx.rng.randint(0, 8)),
            absence_hours=Decimal(4 if ctx.rng.random() < 0.15 else 0),
            note="Dinsdagochtend tandarts" if number == 1 and index % 5 == 0 else "",
            submit=True,
            actor=student,
            today=ctx.today,
        )
        if last:
            continue  # awaiting approval
        if number == 1 and index == 2:
            hours_week_review(
                week=week, decision="return", comment="Vrijdag was de school dicht, klopt 36?", actor=supervisor
            )
        else:
            hours_week_review(week=week, decision="approve", actor=supervisor)


def _logbook(ctx: DemoContext, placement: Placement, index: int) -> None:
    days = [placement.start_date + timedelta(days=d) for d in (3, 10, 17)]
    for number, (place, text) in enumerate(OBSERVATIONS):
        if days[number] > ctx.today:
            break
        entry = logbook_entry_create(
            placement=placement,
            day=days[number],
            place=place,
            text=text,
            photo=_photo() if index == 0 and number == 2 else None,
            actor=placement.student.user,
            today=ctx.today,
        )
        if number == 0:
            logbook_comment_add(
                entry=entry, text="Goed gezien. Noteer ook het weer en de tijd.", actor=placement.supervisor.user
            )
