"""The export holds a student's weeks and a supervisor's comments; erasure removes their texts, keeps the figures."""

import pytest

from hours.models import HoursWeek
from hours.services import hours_week_review
from privacy import services as privacy_services

from .conftest import record

pytestmark = pytest.mark.django_db


def test_export_and_erasure_cover_the_hours(world, today):
    week = hours_week_review(week=record(world), decision="return", comment="Graag per dag", actor=world.supervisor)
    student = privacy_services.personal_data_export(user=world.student)["hours"][0]
    assert (student["hours_worked"], student["note"], student["review_comment"]) == (
        "32.0",
        "Maandag ziek",
        "Graag per dag",
    )
    assert (
        privacy_services.personal_data_export(user=world.supervisor)["hours_reviewed"][0]["comment"] == "Graag per dag"
    )
    privacy_services.person_erase(user=world.student, actor=world.admin)
    week.refresh_from_db()
    assert (week.note, week.review_comment, week.hours_worked) == ("", "", 32)
    assert HoursWeek.objects.count() == 1
