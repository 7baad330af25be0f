"""The bench at a tiny scale, so the generator, the floors and the run do not rot between real runs."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from uuid import UUID

import pytest
from django.db import connection

from bench import datasets, entries, floors
from bench.generate import generate
from bench.harness import data_queries, explain, run_statement, sequential_scans, summary
from placements.models import Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    ctx = generate(scale=0.02, log=lambda *a: None)  # 200 students, the real today (pages read it)
    datasets.write_marker(ctx, seconds=0)
    return ctx


@pytest.fixture
def bench_ctx(data):
    return entries.context_from_database()


def test_generated_data_respect_overlap_and_capacity(data):
    for placement in Placement.objects.select_related("assignment")[:300]:
        same_round = Placement.objects.filter(rotation_round=placement.rotation_round, assignment=placement.assignment)
        assert same_round.count() <= placement.assignment.capacity
        assert not (
            Placement.objects.filter(student=placement.student_id)
            .exclude(pk=placement.pk)
            .overlapping(placement.start_date, placement.end_date)
            .exists()
        )


def test_every_finished_placement_has_its_requests_and_none_is_pending(data):
    from evaluations.models import Answer, EvaluationRequest

    finished = Placement.objects.filter(status=Placement.Status.COMPLETED)
    assert EvaluationRequest.objects.count() == 2 * finished.count() > 0
    assert not EvaluationRequest.objects.filter(state="pending").exists()
    submitted = EvaluationRequest.objects.filter(state="submitted")
    assert Answer.objects.count() == 4 * submitted.count() == data["answers"]


def test_the_national_round_is_a_cohort_of_everyone_with_preferences_and_done_units(data, bench_ctx):
    from rounds.models import Preference
    from rounds.services import matching_input

    students = data["sizes"]["students"]
    assert bench_ctx.national_round.cohort.students.count() == students
    assert Preference.objects.filter(rotation_round=bench_ctx.national_round).count() == 5 * students
    s_in, a_in, _room = matching_input(bench_ctx.national_round)
    assert len(a_in) == data["sizes"]["national_assignments"]
    assert sum(a.capacity for a in a_in) >= students  # capacities cover the cohort
    blocked = [s for s in s_in if s.blocked]
    assert 0.15 * students < len(blocked) < 0.45 * students  # some done units (30%)
    assert all(len(s.blocked) < len(a_in) for s in s_in)  # nobody is busy elsewhere in the round


def test_leaders_and_the_administrator_pass_the_mfa_gate(data, bench_ctx, settings):
    from bench.harness import client_for, get, session_cookie

    settings.MFA_REQUIRED_FOR_LEADERS = True
    for user, url in ((bench_ctx.leader, "/leader/"), (bench_ctx.admin, "/admin/placements/placement/")):
        get(client_for(session_cookie(user)), url)


def test_waves_keep_each_busy_day_to_its_own_wave():
    """At scale 10 the rounds of wave w start later than wave 0's by wave_offset(w): more than the two
    weeks of a reminder and less than the ~160 days that keep today inside every wave's current round."""
    from bench.generate import DAYS_TO_ROUND_END, _round_dates
    from evaluations.models import EvaluationMoment, moment_day

    catch_up = EvaluationMoment._meta.get_field("due_days").default  # the dispatch's catch-up window

    assert datasets.sizes(10)["waves"] == 10 and datasets.sizes(1)["waves"] == 1
    today = datasets.date(2026, 5, 4)
    wave0 = _round_dates(today, 0)
    end = wave0[2][1]  # the evaluation dispatch's day
    assert end == today + timedelta(days=DAYS_TO_ROUND_END)
    reminders = end + timedelta(days=1) - timedelta(weeks=2)  # the rotation reminders' day
    for wave in range(1, 10):
        dates = _round_dates(today, wave)
        assert dates[2][0] <= today <= dates[2][1]
        # no start or end of another wave within the reminders' two weeks, none on the dispatch's day
        assert dates[1][1] < reminders and dates[2][0] < reminders and dates[2][1] > end + timedelta(weeks=4)
        # nor a mid-term (half-way) or final evaluation of another wave in the weeks the dispatch catches up on
        for start, stop in dates:
            for share in (50, 100):
                day = moment_day(start, stop, share=share, offset_days=0)
                assert not end - timedelta(days=catch_up) <= day <= end, (wave, share, day)


def test_the_daily_jobs_find_their_due_items_and_leave_nothing(data, bench_ctx):
    from evaluations.models import EvaluationRequest
    from notifications.models import Notification

    active = Placement.objects.filter(status=Placement.Status.ACTIVE).count()
    planned = Placement.objects.filter(status=Placement.Status.PLANNED).count()
    requests = EvaluationRequest.objects.count()
    found = {}
    for job in entries.JOBS:
        times, found[job.name] = entries.time_job(job, bench_ctx, 1, warmup=0)
        assert len(times) == 1
    assert found["placement status"] == active + planned  # the current round ends, the next one starts
    assert found["rotation reminders"] >= 2 * (active + planned)  # start and end, student and supervisor
    assert found["evaluation dispatch"] == found["evaluation reminders"] == found["evaluation expiry"] == 2 * active
    assert EvaluationRequest.objects.count() == requests and not Notification.objects.exists()


def test_the_floors_return_the_numbers_the_pages_show(data, bench_ctx):
    from django.utils import timezone

    from evaluations.selectors import evaluation_progress_for_programmes, programme_results
    from placements.filters import placements_for_leader
    from placements.selectors import occupancy_by_unit, placements_behind, placements_ending_without_next

    leader, today = bench_ctx.leader, timezone.localdate()
    listed = placements_for_leader(user=leader).filter(status=Placement.Status.ACTIVE)
    rows = run_statement(*floors.placement_list(user_id=leader.pk))
    assert [UUID(str(r[0])) for r in rows] == list(listed.values_list("public_id", flat=True)[:25])
    assert rows[0][-1] == listed.count()

    ids = [bench_ctx.programme.pk]
    sections = {}
    for row in run_statement(*floors.dashboard(user_id=leader.pk, today=today)):
        sections.setdefault(row[0], []).append(row)
    occupancy = occupancy_by_unit(programme_ids=ids, today=today)
    assert sorted((r[1], r[2], r[3]) for r in sections["occupancy"]) == sorted(
        (o["unit_id"], o["active"], o["capacity"]) for o in occupancy
    )
    without_next = placements_ending_without_next(programme_ids=ids, today=today)
    assert len(sections.get("without_next", [])) == without_next.count()
    shown, behind_count = placements_behind(programme_ids=ids, today=today, shown=10)
    assert [r[1] for r in sections.get("behind", [])] == [placement.pk for placement in shown]
    assert sections["behind_count"][0][2] == behind_count
    progress = evaluation_progress_for_programmes(programmes=ids, today=today)
    (evaluation,) = sections["evaluations"]
    assert (evaluation[2] or 0, evaluation[3] or 0) == (progress.open_count, progress.overdue_count)

    results = programme_results(programme=bench_ctx.programme, include_texts=True, text_limit=50)
    sections = {}
    for row in run_statement(*floors.evaluation_results(programme_id=bench_ctx.programme.pk)):
        sections.setdefault(row[0], []).append(row)
    assert sorted((r[2], int(r[3]), int(r[4])) for r in sections["rate"]) == sorted(
        (r["total"], r["submitted"], r["expired"]) for r in results.rates
    )
    answered = {r[1]: r[2] for r in sections["question"]}
    assert answered == {q.question.pk: q.answered for q in results.questions}
    assert len(sections["text"]) == sum(len(q.texts) for q in results.questions)


def test_explain_flags_sequential_scans_of_big_tables_only(data):
    table = Placement._meta.db_table
    # No WHERE clause: a full read is a sequential scan whatever the indexes are.
    plans = explain([f"SELECT * FROM {table}"])  # noqa: S608
    assert plans and plans[0]
    assert sequential_scans(plans, {table: 50_000}) == [f"{table} (50000)"]
    assert sequential_scans(plans, {table: 500}) == []


def test_a_server_side_cursor_counts_as_its_query():
    select = 'SELECT "a"."id" FROM "a" WHERE "a"."x" = 1'
    declare = f'DECLARE "_django_curs_1_sync_1" NO SCROLL CURSOR WITH HOLD FOR {select}'
    statements = [declare, select, "WITH t AS (SELECT 1) SELECT * FROM t", 'UPDATE "a" SET x = 1', "SAVEPOINT s1"]
    assert data_queries(statements) == [select, select, "WITH t AS (SELECT 1) SELECT * FROM t"]


@pytest.mark.django_db(False)
def test_summary_is_the_median_with_the_95th_percentile_beside_it():
    figures = summary([0.001 * n for n in range(1, 21)])
    assert figures["n"] == 20 and figures["p50_ms"] == 10.5 and figures["p95_ms"] == 19.0


@pytest.mark.django_db(False)
def test_data_set_names_derive_from_database_url_and_must_say_bench():
    assert datasets.label(1) == "10k" and datasets.label(10) == "100k" and datasets.label(0.02) == "200"
    assert datasets.dataset_url(10, "postgres://root@127.0.0.1:5432/portal_bench").endswith("/portal_bench_100k")
    assert datasets.dataset_url(1, "sqlite:////tmp/x/bench.sqlite3") == "sqlite:////tmp/x/bench_10k.sqlite3"
    with pytest.raises(SystemExit):
        datasets.check_name("postgres://root@127.0.0.1:5432/portal")
    assert datasets.why_regenerate(None, 1) == "no data set yet"
    stale = {"version": "old", "scale": 1, "today": "2026-01-01"}
    assert "generator changed" in datasets.why_regenerate(stale, 1)


@pytest.mark.django_db(False)
def test_growth_is_the_large_sets_median_over_the_small_sets():
    from bench.run import rows

    def size(label, student_ms, dashboard_ms):
        pages = {
            entries.STUDENT_HOME: {"page": {"p50_ms": student_ms}},
            entries.DASHBOARD: {"page": {"p50_ms": dashboard_ms}},
        }
        return {"label": label, "reads": {"pages": pages}}

    out = {"sizes": {"small": size("10k", 10.0, 100.0), "large": size("100k", 11.0, 250.0)}}
    growth = {r["name"]: r for r in rows(out) if r["section"] == "1 growth"}
    assert growth[entries.STUDENT_HOME]["value"] == 1.1 and growth[entries.STUDENT_HOME]["verdict"] == "pass"
    assert growth[entries.DASHBOARD]["value"] == 2.5 and growth[entries.DASHBOARD]["verdict"] == "FAIL"
    assert growth[entries.RESULTS]["verdict"] == "ERROR"  # not measured is never a pass


def _bench_url(tmp_path) -> str:
    """A base URL of the suite's own for the bench's databases: SQLite in tmp_path, or on the suite's
    PostgreSQL server a name of its own that contains 'bench'."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'suite_bench.sqlite3'}"
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ["DATABASE_URL"]
    return urlunsplit(urlsplit(url)._replace(path=f"{urlsplit(url).path}_suite_bench"))


def _redis_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.django_db(databases=[])
def test_a_quick_run_measures_every_row_on_a_tiny_data_set(tmp_path):
    """`bench.run --quick --only small` end to end on 20 students (production settings, gunicorn, a Celery
    worker on Redis), then compare and breakdown on what it left; the data sets are dropped after."""
    if not _redis_up():
        pytest.skip("the bench needs Redis on 127.0.0.1:6379 (the production settings' broker and cache)")
    base = _bench_url(tmp_path)
    env = os.environ | {
        "DATABASE_URL": base,
        "BENCH_SCALE": "0.002",
        "BENCH_REDIS_DB": "14",
        "BENCH_RESULTS_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.run", "--quick", "--only", "small"],
            cwd=datasets.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        results = sorted(tmp_path.glob("*/results.json"))[-1]
        out = json.loads(results.read_text())
        sections = {row["section"].split()[0] for row in out["rows"]}
        assert sections == {"2", "3", "4", "5", "6", "7", "8"}, out["rows"]  # one size: no growth row
        errors = [row for row in out["rows"] if row["verdict"] == "ERROR"]
        assert not errors, errors
        assert (results.parent / "explain" / "20").is_dir()
        again = subprocess.run(
            [sys.executable, "-m", "bench.compare", str(datasets.BASE_DIR), entries.STUDENT_HOME, "--size", "20"],
            cwd=datasets.BASE_DIR,
            env=env | {"BENCH_COMPARE_REQUESTS": "3"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert again.returncode == 0 and again.stdout.count("p50") == 2, again.stdout + again.stderr
        split = subprocess.run(
            [sys.executable, "-m", "bench.breakdown", entries.STUDENT_HOME, "--size", "20", "--requests", "3"],
            cwd=datasets.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert split.returncode == 0 and "template" in split.stdout, split.stdout + split.stderr
    finally:
        for suffix in ("20", "schema"):
            datasets.drop(datasets.with_suffix(base, suffix))
