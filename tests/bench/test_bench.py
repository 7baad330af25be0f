"""The bench at a tiny scale, so the generator and the harness do not rot between real runs."""

import pytest
from django.db import connection

from bench import entries  # registers the entries
from bench.generate import generate
from bench.harness import (
    BARE_URL,
    NOT_AVAILABLE,
    REGISTRY,
    PageEntry,
    capture_queries,
    client_for,
    data_queries,
    measure_memory,
    peak_rss_of,
    session_cookie,
    time_client,
    time_interleaved,
    time_raw_sql_concurrently,
)
from placements.models import Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(settings, today):
    settings.ROOT_URLCONF = "bench.urls"
    return generate(scale=0.005, today=today, log=lambda *a: None)


def test_generated_data_respect_overlap_and_capacity(data):
    assert Placement.objects.count() == data["sizes"]["students"] * data["sizes"]["rounds"]
    for placement in Placement.objects.select_related("assignment")[:200]:
        same_round = Placement.objects.filter(rotation_round=placement.rotation_round, assignment=placement.assignment)
        assert same_round.count() <= placement.assignment.capacity
        assert not (
            Placement.objects.filter(student=placement.student_id)
            .exclude(pk=placement.pk)
            .overlapping(placement.start_date, placement.end_date)
            .exists()
        )


def test_every_present_page_is_measured(data):
    pages = [e for e in REGISTRY if isinstance(e, PageEntry) and e.available()]
    assert len(pages) >= 3
    for entry in pages:
        user, url = entry.setup(data)
        client = client_for(session_cookie(user))
        assert time_client(client, url, 1)
        statements = capture_queries(client, url)
        assert statements
        page, raw, bare = time_interleaved(client, url, statements, 2)
        assert len(page) == len(raw) == len(bare) == 2
    assert time_client(client, BARE_URL, 1)


@pytest.mark.django_db(transaction=True)  # the threads' own connections see only committed rows
def test_the_raw_sql_under_load_runs_every_statement_on_its_own_connections():
    statements = ["SELECT COUNT(*) FROM placements_placement", "SELECT 1"]
    assert len(time_raw_sql_concurrently(statements, 5, 2)) == 5
    with pytest.raises(connection.Database.Error):  # the driver's own error: the timing uses raw cursors
        time_raw_sql_concurrently(["SELECT * FROM no_such_table"], 2, 2)


def test_entries_waiting_for_other_branches_say_so():
    missing = [e for e in REGISTRY if not e.available()]
    assert all(not e.available() for e in missing)
    assert NOT_AVAILABLE == "not available in this build"


@pytest.mark.django_db(False)
def test_peak_rss_grows_with_what_the_callable_holds():
    def hold():
        data = bytearray(50 * 2**20)
        assert len(data)

    result = peak_rss_of(hold)
    assert result["growth_mib"] >= 40
    assert result["peak_mib"] >= result["baseline_mib"] + 40


@pytest.mark.django_db(False)
def test_an_unknown_memory_entry_is_an_error_not_a_figure():
    assert "no memory entry named" in measure_memory("no such entry", timeout=120)["error"]


def test_memory_context_is_read_back_from_the_database(data):
    from bench.memory import context_from_database

    ctx = context_from_database()
    assert [u.pk for u in ctx["leaders"]] == [u.pk for u in data["leaders"]]
    assert [c.pk for c in ctx["cohorts"]] == [c.pk for c in data["cohorts"]]


def test_a_server_side_cursor_counts_as_its_query():
    select = 'SELECT "a"."id" FROM "a" WHERE "a"."x" = 1'
    declare = f'DECLARE "_django_curs_1_sync_1" NO SCROLL CURSOR WITH HOLD FOR {select}'
    statements = [declare, select, "WITH t AS (SELECT 1) SELECT * FROM t", 'UPDATE "a" SET x = 1', "SAVEPOINT s1"]
    assert data_queries(statements) == [select, select, "WITH t AS (SELECT 1) SELECT * FROM t"]


def test_the_export_reference_fetches_every_row_the_export_streams(data):
    """On SQLite and on Postgres (a server-side cursor there) the raw SQL re-runs the streamed query."""
    from django.db import connection

    entry = next(e for e in REGISTRY if e.name == "leader: placements export (CSV)")
    user, url = entry.setup(data)
    client = client_for(session_cookie(user))
    body = b"".join(client.get(url).streaming_content)
    exported = body.count(b"\n") - 1
    assert exported == Placement.objects.filter(assignment__programme__leader_grants__user=user).count() > 0
    fetched = []
    with connection.cursor() as cursor:
        for sql in data_queries(capture_queries(client, url)):
            cursor.execute(sql)
            fetched.append(len(cursor.fetchall()))
    assert exported in fetched


def test_generated_evaluations_are_answered_and_valid(data):
    from evaluations.models import Answer, EvaluationRequest

    assert data["answers"] == Answer.objects.count() > 0
    submitted = EvaluationRequest.objects.filter(state="submitted")
    assert submitted.count() * 4 == data["answers"]
    assert not submitted.filter(response__isnull=True).exists()
    assert set(EvaluationRequest.objects.values_list("placement__status", flat=True)) == {Placement.Status.COMPLETED}


def test_evaluation_jobs_are_wired_and_run(data):
    from bench.harness import JobEntry, time_job

    jobs = [e for e in REGISTRY if isinstance(e, JobEntry) and e.name.startswith("evaluation")]
    assert len(jobs) == 3 and all(e.available() for e in jobs)
    for entry in jobs:
        assert len(time_job(entry.setup(data), 1, True)) == 1


@pytest.fixture
def connections_kept_across_requests():
    """The WSGI handler closes the connection after a request (it would end the test's transaction);
    the test client disconnects the same signals while it handles a request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_export_and_import_memory_entries_run(data, monkeypatch, connections_kept_across_requests):
    """The callables the memory entries measure do their work (run here in-process, at a tiny size)."""
    from bench.harness import MemoryEntry
    from bench.memory import context_from_database
    from imports.models import ImportJob

    monkeypatch.setattr(entries, "IMPORT_ROWS", 30)
    mine = [e for e in REGISTRY if isinstance(e, MemoryEntry) and e.name.startswith(("export 10k", "import 10k"))]
    assert len(mine) == 3 and all(e.available() for e in mine)
    active = Placement.objects.filter(status=Placement.Status.ACTIVE).count()
    for entry in mine:
        done = entry.setup(context_from_database())()
        assert done["rows"] == (30 if entry.name.startswith("import") else active)
    assert ImportJob.objects.get().state == ImportJob.State.DONE


def test_the_daily_jobs_are_measured_on_their_busiest_day(data):
    from django.db import transaction

    from bench.harness import JobEntry
    from evaluations.models import EvaluationRequest
    from notifications.models import Notification

    jobs = {e.name: e for e in REGISTRY if isinstance(e, JobEntry) and e.available() and "matching" not in e.name}
    assert set(jobs) >= {"rotation reminders (daily)", "evaluation dispatch (daily)"}
    active = Placement.objects.filter(status=Placement.Status.ACTIVE).count()
    with transaction.atomic():
        jobs["rotation reminders (daily)"].setup(data)()
        # an end reminder to the student and the supervisor of every active placement, and start reminders
        assert Notification.objects.filter(kind="placement.end_reminder").count() == 2 * active
        transaction.set_rollback(True)
    dispatch = jobs["evaluation dispatch (daily)"].setup(data)
    before = EvaluationRequest.objects.count()
    with transaction.atomic():
        dispatch()
        assert EvaluationRequest.objects.count() - before == 2 * active
        transaction.set_rollback(True)


@pytest.mark.django_db(databases=[])
def test_compare_times_two_checkouts_in_turn_on_a_bench_database(tmp_path):
    """bench.compare against this same checkout, on a 100-student bench database of its own."""
    import os
    import re
    import subprocess
    import sys

    from bench.compare import BASE_DIR

    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'compare_bench.sqlite3'}"}
    missing = subprocess.run(
        [sys.executable, "-m", "bench.compare", str(BASE_DIR), "student: my assignment"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode != 0 and "run `make bench`" in missing.stderr
    generate = [sys.executable, "-m", "bench.run", "--queries-only", "--scale", "0.01", "--requests", "1", "--json"]
    subprocess.run(generate, cwd=BASE_DIR, env=env, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-m", "bench.compare", str(BASE_DIR), "student: my assignment", "--requests", "3"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    rows = re.findall(
        r"queries\s+(\d+)\s+p10\s+[\d.]+\s+p25\s+[\d.]+\s+p50\s+[\d.]+\s+p95\s+[\d.]+\s+mean", done.stdout
    )
    assert len(rows) == 2 and rows[0] == rows[1] != "0", done.stdout


def test_breakdown_splits_a_page_into_session_template_and_the_rest(data):
    from bench.breakdown import breakdown

    (student_page,) = [e for e in REGISTRY if e.name == "student: my assignment"]
    row = breakdown(student_page, data, requests=3)
    ms = row["ms"]
    assert row["queries"] >= 3
    assert ms["session+person"] > 0 and ms["template"] > 0 and ms["raw SQL"] > 0 and ms["bare"] > 0
    assert ms["page"] > ms["session+person"] + ms["template"]
    assert ms["rest"] == pytest.approx(ms["page"] - ms["bare"] - ms["session+person"] - ms["template"])
    assert row["ratio"] == pytest.approx(ms["page"] / (ms["raw SQL"] + ms["bare"]))
    assert row["ratio_without_template"] < row["ratio"]


@pytest.mark.django_db(databases=[])
def test_breakdown_needs_a_bench_database(tmp_path):
    import os
    import subprocess
    import sys

    from bench.compare import BASE_DIR

    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'none_bench.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.breakdown"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "run `make bench`" in done.stderr
