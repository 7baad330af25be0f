"""The suite's clock: TEST_CLOCK_SHIFT_DAYS moves it for the whole session, and freezing still wins."""

import time
from datetime import timedelta

import time_machine
from django.utils import timezone

from ..conftest import CLOCK_SHIFT_DAYS, TODAY

SLACK_SECONDS = 600  # the shifted clock ticks: allow for a slow machine between the two readings


def _ahead_seconds() -> float:
    if not time_machine.escape_hatch.is_travelling():
        return 0.0
    return time.time() - time_machine.escape_hatch.time.time()


def test_the_session_clock_runs_the_shift_ahead_and_ticks():
    assert abs(_ahead_seconds() - timedelta(days=CLOCK_SHIFT_DAYS).total_seconds()) < SLACK_SECONDS
    assert time_machine.escape_hatch.is_travelling() == bool(CLOCK_SHIFT_DAYS)
    before = time.time()
    time.sleep(0.01)
    assert time.time() > before


def test_the_today_fixture_freezes_the_shared_day_whatever_the_shift(today):
    assert today == TODAY == timezone.localdate()
    assert timezone.now() == timezone.now()


def test_a_freeze_ends_back_on_the_shifted_clock():
    with time_machine.travel(TODAY, tick=False):
        assert timezone.localdate() == TODAY
    assert abs(_ahead_seconds() - timedelta(days=CLOCK_SHIFT_DAYS).total_seconds()) < SLACK_SECONDS
