"""Fuzzing the import with hypothesis: whatever is uploaded, never a server error, never half an import.

Generated examples in this module (settings below): 1,000 random-bytes files + 900 random CSV tables +
400 random workbooks + 500 damaged workbooks + 200 uploads through the web page = 3,000 in all.
"""

import csv
import io
import random

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from imports import services
from imports.kinds import KINDS
from imports.models import ImportJob
from organisations.models import Unit
from placements.models import Assignment
from programmes.models import Student

from .conftest import counts, xlsx_bytes

FUZZ = settings(
    deadline=None,
    database=None,  # no example database written into the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
COLUMNS = [*sorted({c for kind in KINDS.values() for c in kind.columns}), "", "naam", "E-mail", "shoe size"]
CANNED = [
    "",
    " ",
    "Anna de Vries",
    "a@example.nl",
    "A@Example.NL",
    "b@example.nl",
    "not an address",
    "2027-06-30",
    "30-06-2027",
    "31-02-2027",
    "HBO",
    "mbo 4",
    "Master",
    "3",
    "0",
    "-1",
    "99999",
    "=1+1",
    '"quoted, text"',
    "x;y",
    "multi\nline",
    "Ünïcødé ✓",
    "\x00",
]
CELLS = st.one_of(st.integers(-5, 10**6), st.floats(allow_nan=True), st.none(), st.dates(), st.datetimes())
MODEL_OF = {"students": Student, "units": Unit, "assignments": Assignment}


_EMAILS = st.builds("{}@{}.nl".format, st.text("abAB.", min_size=1, max_size=4), st.sampled_from(["example", "x"]))
# Placeholders stand for the names of the test's own cohort, unit and organisation (filled in per example).
VALUES = st.one_of(
    st.sampled_from([*CANNED, "{cohort}", "{unit}", "{organisation}"]),
    st.text(max_size=12),
    _EMAILS,
    st.dates().map(str),
)
TABLES = st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=10)), min_size=1, max_size=8).flatmap(
    lambda header: st.tuples(st.just(header), st.lists(st.lists(VALUES, max_size=len(header) + 1), max_size=6))
)


def _fill(world, rows):
    names = {
        "{cohort}": world.programme.cohorts.get().name,
        "{unit}": world.placement.assignment.unit.name,
        "{organisation}": world.programme.organisation.name,
    }
    return [[names.get(v, v) if isinstance(v, str) else v for v in row] for row in rows]


def _check_all_or_nothing(world, *, kind, name, data, capture):
    """Upload, and apply when valid: either a clear refusal, or every row written, never a part."""
    before = counts()
    model_before = MODEL_OF[kind].objects.count()
    try:
        job = services.import_job_create(
            actor=world.leader, programme=world.programme, kind=kind, upload=SimpleUploadedFile(name, data)
        )
    except ValidationError as exc:
        assert exc.messages and all(m.strip() for m in exc.messages)
        assert counts() == before
        return None
    if job.state == ImportJob.State.INVALID:
        assert job.errors and job.error_count >= len(job.errors)
        assert counts() == before
        return job
    with capture(execute=True):
        services.import_job_queue(job=job, actor=world.leader)
    job.refresh_from_db()
    if job.state == ImportJob.State.DONE:
        assert MODEL_OF[kind].objects.count() == model_before + job.total
    else:
        assert job.state == ImportJob.State.FAILED and job.errors
        assert counts() == before
    return job


@settings(FUZZ, max_examples=1000)
@given(data=st.binary(max_size=2000), extension=st.sampled_from(["csv", "xlsx"]), kind=st.sampled_from(list(KINDS)))
def test_random_bytes_are_refused_or_checked_never_crash(
    world, django_capture_on_commit_callbacks, data, extension, kind
):
    _check_all_or_nothing(
        world, kind=kind, name=f"f.{extension}", data=data, capture=django_capture_on_commit_callbacks
    )


@settings(FUZZ, max_examples=900)
@given(
    data=st.data(),
    kind=st.sampled_from(list(KINDS)),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
)
def test_random_csv_tables_import_wholly_or_not_at_all(
    world, django_capture_on_commit_callbacks, data, kind, delimiter, encoding
):
    header, rows = data.draw(TABLES)
    rows = _fill(world, rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    payload = out.getvalue().encode(encoding, errors="ignore")
    _check_all_or_nothing(world, kind=kind, name="f.csv", data=payload, capture=django_capture_on_commit_callbacks)


@settings(FUZZ, max_examples=400)
@given(data=st.data(), kind=st.sampled_from(list(KINDS)))
def test_random_workbooks_import_wholly_or_not_at_all(world, django_capture_on_commit_callbacks, data, kind):
    header, rows = data.draw(TABLES)
    rows = _fill(world, [[data.draw(CELLS) if i % 2 else value for i, value in enumerate(row)] for row in rows])
    # Control characters cannot be stored in a workbook at all: leave them out.
    clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row] for row in [header, *rows]]
    payload = xlsx_bytes(clean)
    _check_all_or_nothing(world, kind=kind, name="f.xlsx", data=payload, capture=django_capture_on_commit_callbacks)


@pytest.fixture
def logged_in_leader(client, world):
    client.force_login(world.leader)
    return client


@pytest.fixture(scope="module")
def sound_workbook():
    return xlsx_bytes([["name", "organisation"], ["Team Fuzz", ""], ["Team Fuzz 2", ""]])


@settings(FUZZ, max_examples=500)
@given(seed=st.integers(0, 2**32), flips=st.integers(1, 40), cut=st.integers(0, 100))
@example(seed=325212, flips=31, cut=0)  # once made zipfile raise NotImplementedError ("zip file version")
def test_damaged_workbooks_are_refused_or_imported(
    world, django_capture_on_commit_callbacks, sound_workbook, seed, flips, cut
):
    rng = random.Random(seed)
    data = bytearray(sound_workbook)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    data = bytes(data[: max(1, len(data) * (100 - cut) // 100)])
    _check_all_or_nothing(world, kind="units", name="f.xlsx", data=data, capture=django_capture_on_commit_callbacks)


@settings(FUZZ, max_examples=200)
@given(
    data=st.binary(max_size=500),
    name=st.one_of(st.sampled_from(["a.csv", "a.xlsx", "a.CSV", "a", ".csv", "a.csv.exe"]), st.text(max_size=20)),
    kind=st.one_of(st.sampled_from(list(KINDS)), st.text(max_size=8)),
    programme=st.one_of(st.none(), st.integers(-1, 10**9), st.text(max_size=5)),
)
def test_the_upload_page_never_answers_a_server_error(logged_in_leader, world, data, name, kind, programme):
    client = logged_in_leader
    before = counts()
    try:
        upload = SimpleUploadedFile(name or "x", data)
    except SuspiciousFileOperation:  # a name like "/" cannot even be sent as a file: not a case to test
        assume(False)
    fields = {"kind": kind, "file": upload}
    if programme is not None:
        fields["programme"] = programme if programme != 0 else world.programme.pk
    response = client.post(reverse("imports:import_new"), fields)
    assert response.status_code in (200, 302)
    assert counts() == before
