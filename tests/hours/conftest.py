from datetime import date
from decimal import Decimal

import pytest

from hours.services import hours_week_save

WEEK = date(2026, 11, 16)  # the Monday of the week before the frozen TODAY (Monday 2026-11-23)


def record(world, week=WEEK, hours="32", submit=True, placement=None, user=None):
    placement = placement or world.placement
    return hours_week_save(
        placement=placement,
        week_start=week,
        hours_worked=Decimal(hours),
        absence_hours=Decimal("4"),
        note="Maandag ziek",
        submit=submit,
        actor=user or placement.student.user,
    )


@pytest.fixture
def required(world):
    """The world's programme keeps hours: 400 per placement."""
    world.programme.required_hours = 400
    world.programme.save()
    world.other_programme.required_hours = 400
    world.other_programme.save()
    return 400
