"""Property-based fuzzing of every form in the portal: generated input never gives a server error or a half-written row.

Each FuzzForm line is one form-handling view, posted by the role that legitimately uses it, with a hypothesis
strategy per field: text with odd characters (unicode, NUL, very long), numbers, dates in odd formats, real ids
mixed with garbage (so that some posts get past the first checks), missing fields and unknown extra fields.
Every example runs in a savepoint that is rolled back, so the database is the same before each one; after a
response that is not a success redirect no row may have been written, and a success that wrote tracked rows
must have written its audit entry in the same transaction.

Add a form with one FuzzForm line in FORMS (the CSV/XLSX import is fuzzed beside its own tests).
`FUZZ_SCALE=0.05 pytest tests/security/test_fuzz_forms.py` runs a quick sample while working on it.
"""

import os
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PASSWORD
from tests.security.hostile import HOSTILE_VALUES

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
MINIMUM_EXAMPLES = 7_500  # this module's share of the 10,000 (the importer's fuzz brings the rest)

# Anything a browser (or an attacker) can send in a form field.
weird = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e9",
        "NaN",
        "null",
        "None",
        "[]",
        "{}",
        "true",
        "'; DROP TABLE x;--",
        "<script>alert(1)</script>",
        "\x00",
        "a\x00b",
        "%00",
        "../../etc/passwd",
        "9" * 40,
        "\u202e\ufeff\u200b",
        "😀" * 50,
        *HOSTILE_VALUES,  # the shared list (tests/security/hostile.py)
    ]
)
junk = st.one_of(
    weird,
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(1000, 6000).map(lambda n: "x" * n),  # longer than any column
)
odd_dates = st.one_of(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)).map(str),  # plausible: gets past parsing
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.dates().map(lambda d: d.strftime("%m/%d/%y")),
    st.dates().map(lambda d: d.isoformat() + "T25:61"),
    st.sampled_from(["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "2026-13-01", "today", "31.12.2026"]),
    junk,
)
emailish = st.one_of(
    junk, st.emails().map(str), st.sampled_from(["a@b", "@x.nl", "x@", "a@b..nl", "A" * 300 + "@x.nl"])
)


def ids(*pks) -> st.SearchStrategy:
    """Real primary keys (as strings) mixed with non-numeric and out-of-range ids."""
    real = [st.sampled_from([str(pk) for pk in pks])] if pks else []
    return st.one_of(*real, junk, st.integers(-5, 10**6).map(str))


def choice(*values) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(list(values)), junk)


uploads = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    name=st.one_of(
        st.sampled_from(["vog.pdf", "scan.PNG", "photo.jpg", "x.exe", "a.pdf.exe", ".pdf", "dir/../x.pdf"]),
        st.text(alphabet=string.ascii_letters + string.digits + "._- ", min_size=1, max_size=40),
    ),
    content=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=500).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=500).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
        st.just(b""),
    ),
)
# Unknown fields a client might add; "csrfmiddlewaretoken" and friends included.
extra_fields = st.dictionaries(
    st.one_of(
        st.sampled_from(["id", "pk", "csrfmiddlewaretoken", "_save", "is_superuser", "actor"]), st.text(max_size=10)
    ),
    junk,
    max_size=3,
)


@dataclass(frozen=True)
class FuzzForm:
    url_name: str
    persona: str | None  # World attribute of the person posting; None for anonymous
    fields: Callable  # world, setup -> {field name: strategy}
    examples: int
    kwargs: Callable = field(default=lambda world, setup: {})
    setup: Callable = field(default=lambda world: None)  # objects the form needs, built once per test
    fixed: dict = field(default_factory=dict)  # sent as is, e.g. an admin inline's management form
    before: Callable | None = None  # client, world -> None: e.g. reauthenticate before the MFA page

    @property
    def budget(self) -> int:
        return max(5, int(self.examples * SCALE))


def fields(**strategies):
    return lambda world, setup: strategies


# --- objects some forms need -------------------------------------------------------------------------


def _evaluation_request(world):
    from evaluations.models import Audience, EvaluationRequest
    from tests.evaluations.conftest import final_moment, make_questionnaire

    questionnaire = make_questionnaire(Audience.STUDENT, programme=world.programme)
    return EvaluationRequest.objects.create(
        placement=world.placement,
        moment=final_moment(world.programme),
        audience=Audience.STUDENT,
        respondent=world.student,
        version=questionnaire.versions.get(),
        sent_on=date.today(),
        due_date=date.today() + timedelta(days=3650),
    )


def _respond_fields(world, request):
    from evaluations.models import Question

    strategies = {"submit": st.sampled_from(["1", ""])}
    for question in request.version.questions.all():
        if question.kind == Question.Kind.LIKERT:
            strategies[f"q_{question.pk}"] = choice("1", "2", "3", "4", "5")
        elif question.kind == Question.Kind.TEXT:
            strategies[f"q_{question.pk}"] = junk
        else:
            strategies[f"q_{question.pk}"] = st.one_of(choice(*question.choices), st.lists(choice(*question.choices)))
    return strategies


def _requirement(world):
    from documents.models import DocumentRequirement

    return DocumentRequirement.objects.create(
        programme=world.programme, kind=DocumentRequirement.Kind.choices[0][0], name="VOG", validity_days=365
    )


def _questionnaire(world):
    from evaluations.models import Audience
    from tests.evaluations.conftest import make_questionnaire

    return make_questionnaire(Audience.SUPERVISOR, programme=world.programme)


def _moment(world):
    """The programme's final moment, asking its own questionnaires; another programme's is on hand too."""
    from evaluations.models import Audience
    from tests.evaluations.conftest import final_moment, make_questionnaire

    make_questionnaire(Audience.STUDENT, programme=world.other_programme)
    make_questionnaire(Audience.STUDENT, programme=world.programme)
    return final_moment(world.programme)


def _moment_fields(world, moment):
    from evaluations.models import Questionnaire

    questionnaires = list(Questionnaire.objects.values_list("pk", flat=True))
    numbers = st.one_of(st.integers(min_value=-100_000, max_value=100_000).map(str), junk)
    return {
        "name": junk,
        "placement_share": numbers,
        "offset_days": numbers,
        "due_days": numbers,
        "position": numbers,
        "questionnaire_student": ids(*questionnaires),
        "questionnaire_supervisor": ids(*questionnaires),
    }


def _questionnaire_fields(world, setup):
    form = {
        "name": junk,
        "audience": choice("student", "supervisor"),
        "programme": ids(world.programme.pk, world.other_programme.pk),
        "organisation": ids(world.programme.organisation_id, world.other_programme.organisation_id),
        "is_active": choice("on", ""),
        "questions-TOTAL_FORMS": choice("0", "1", "2", "3"),
        "questions-INITIAL_FORMS": choice("0", "1"),
        "questions-MIN_NUM_FORMS": choice("0"),
        "questions-MAX_NUM_FORMS": choice("1000"),
    }
    for index in range(3):
        form |= {
            f"questions-{index}-text": junk,
            f"questions-{index}-kind": choice("likert", "single", "multiple", "text"),
            f"questions-{index}-required": choice("on", ""),
            f"questions-{index}-choices": st.one_of(junk, st.lists(junk, max_size=4).map("\n".join)),
            f"questions-{index}-DELETE": choice("on", ""),
        }
    return form


def _reauthenticate(client, world):
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def _placement_admin_fields(world, setup):
    placement, other = world.placement, world.other_placement
    form = {
        "student": ids(placement.student.pk, other.student.pk),
        "assignment": ids(placement.assignment.pk, other.assignment.pk),
        "rotation_round": ids(*(setup or [])),
        "supervisor": ids(placement.supervisor.pk),
        "start_date": odd_dates,
        "end_date": odd_dates,
        "status": choice("planned", "active", "completed", "cancelled"),
        "notes": junk,
        "learning_goals-TOTAL_FORMS": choice("0", "1"),
        "learning_goals-INITIAL_FORMS": choice("0"),
        "learning_goals-0-description": junk,
        "learning_goals-0-id": ids(),
        "learning_goals-0-placement": ids(placement.pk),
    }
    return form


def _rotation_rounds(world):
    from tests.factories import RotationRoundFactory

    return [RotationRoundFactory(cohort=world.student.student.cohorts.get()).pk]


def _submitted_week(world):
    from datetime import date

    from hours.services import hours_week_save

    return hours_week_save(
        placement=world.placement, week_start=date(2026, 11, 16), hours_worked=32, submit=True, today=date(2026, 11, 23)
    )


def _logbook_entry(world):
    from datetime import date

    from logbook.services import logbook_entry_create

    return logbook_entry_create(
        placement=world.placement, day=date(2026, 11, 20), place="Waalkade", text="Druk", today=date(2026, 11, 23)
    )


INLINE_MANAGEMENT = {"learning_goals-MIN_NUM_FORMS": "0", "learning_goals-MAX_NUM_FORMS": "1000"}

FORMS = [
    # allauth: login, password reset and change, TOTP enrolment.
    FuzzForm(
        "account_login",
        None,
        lambda w, s: {
            "login": st.one_of(emailish, st.just(w.student.email)),
            "password": st.one_of(junk, st.just(PASSWORD)),
            "remember": junk,
        },
        900,
    ),
    FuzzForm(
        "account_reset_password", None, lambda w, s: {"email": st.one_of(emailish, st.just(w.student.email))}, 600
    ),
    FuzzForm(
        "account_change_password",
        "student",
        fields(oldpassword=st.one_of(junk, st.just(PASSWORD)), password1=junk, password2=junk),
        200,
    ),
    FuzzForm(
        "mfa_activate_totp",
        "leader",
        fields(code=st.one_of(junk, st.integers(0, 999999).map("{:06d}".format))),
        150,
        before=_reauthenticate,
    ),
    FuzzForm("set_language", "student", fields(language=choice("nl", "en"), next=junk), 1000),
    # Placements
    FuzzForm(
        "placements:placement_create",
        "leader",
        lambda w, s: {
            "student": ids(w.placement.student.pk, w.other_placement.student.pk),
            "assignment": ids(w.placement.assignment.pk, w.other_placement.assignment.pk),
            "supervisor": ids(w.placement.supervisor.pk),
            "start_date": odd_dates,
            "end_date": odd_dates,
            "learning_goals": junk,
            "rotation_override_reason": junk,
        },
        900,
    ),
    # Accounts: invitations, calendar link
    FuzzForm(
        "programmes:invitation_create",
        "leader",
        lambda w, s: {
            "name": junk,
            "email": emailish,
            "role": choice("student", "supervisor"),
            "cohort": ids(w.student.student.cohorts.get().pk, w.other_student.student.cohorts.get().pk),
            "school": ids(w.student.student.school_id, w.other_student.student.school_id),
            "level": choice("mbo", "hbo", "wo"),
            "unit": ids(w.placement.assignment.unit.pk, w.other_placement.assignment.unit.pk),
        },
        600,
    ),
    FuzzForm("accounts:calendar_renew", "student", fields(token=junk), 600),
    # Privacy pages are GET-only; a POST with anything must still be harmless.
    FuzzForm("privacy:overview", "student", fields(anything=junk), 200),
    FuzzForm("privacy:export_json", "student", fields(format=junk), 200),
    FuzzForm("privacy:export_csv", "supervisor", fields(format=junk), 200),
    # Documents: the student's upload and the leader's record, with generated files.
    FuzzForm(
        "documents:my_documents",
        "student",
        lambda w, requirement: {"requirement": ids(requirement.pk), "file": st.one_of(uploads, junk)},
        300,
        setup=_requirement,
    ),
    FuzzForm(
        "documents:student_document_record",
        "leader",
        lambda w, requirement: {
            "requirement": ids(requirement.pk),
            "status": choice("requested", "received", "approved", "rejected"),
            "expires_on": odd_dates,
            "file": st.one_of(uploads, junk),
        },
        300,
        kwargs=lambda w, s: {"programme_id": w.programme.pk, "student_id": w.student.student.pk},
        setup=_requirement,
    ),
    # Evaluations: answering, questionnaire editing, the cohort report summary.
    FuzzForm(
        "evaluations:respond",
        "student",
        lambda w, request: _respond_fields(w, request),
        600,
        kwargs=lambda w, request: {"token": request.token},
        setup=_evaluation_request,
    ),
    FuzzForm("evaluations:questionnaire_new", "leader", _questionnaire_fields, 250),
    FuzzForm(
        "evaluations:questionnaire_edit",
        "leader",
        _questionnaire_fields,
        100,
        kwargs=lambda w, questionnaire: {"pk": questionnaire.pk},
        setup=_questionnaire,
    ),
    FuzzForm(
        "evaluations:moment_new",
        "leader",
        _moment_fields,
        150,
        kwargs=lambda w, moment: {"programme_pk": w.programme.pk},
        setup=_moment,
    ),
    FuzzForm(
        "evaluations:moment_edit",
        "leader",
        _moment_fields,
        100,
        kwargs=lambda w, moment: {"pk": moment.pk},
        setup=_moment,
    ),
    FuzzForm(
        "evaluations:cohort_report",
        "leader",
        fields(summary=junk),
        250,
        kwargs=lambda w, s: {"cohort_pk": w.student.student.cohorts.get().pk},
    ),
    FuzzForm("exchanges:matrix", "leader", fields(slot=junk, places=junk), 150),
    # The admin's placement pages, with autocomplete fields and the learning-goal inline.
    FuzzForm(
        "admin:placements_placement_add",
        "admin",
        _placement_admin_fields,
        100,
        setup=_rotation_rounds,
        fixed=INLINE_MANAGEMENT,
    ),
    FuzzForm(
        "admin:placements_placement_change",
        "admin",
        _placement_admin_fields,
        60,
        kwargs=lambda w, s: {"object_id": w.placement.pk},
        setup=_rotation_rounds,
        fixed=INLINE_MANAGEMENT,
    ),
    # Hours: the student's week, the supervisor's review, the leader's required hours.
    FuzzForm(
        "hours:placement_hours",
        "student",
        fields(
            week=choice("2026-11-16", "2026-11-23", "2026-11-30", "2026-07-27"),
            hours_worked=junk,
            absence_hours=junk,
            note=junk,
            submit=choice("1"),
        ),
        200,
        kwargs=lambda w, s: {"public_id": w.placement.public_id},
    ),
    FuzzForm(
        "hours:week_review",
        "supervisor",
        fields(decision=choice("approve", "return"), comment=junk),
        150,
        kwargs=lambda w, week: {"pk": week.pk},
        setup=_submitted_week,
    ),
    FuzzForm(
        "hours:programme_hours",
        "leader",
        fields(required_hours=junk),
        100,
        kwargs=lambda w, s: {"programme_id": w.programme.pk},
    ),
    # Logbook: the student's observation with generated photos, the supervisor's comment.
    FuzzForm(
        "logbook:placement_logbook",
        "student",
        fields(date=odd_dates, place=junk, text=junk, photo=st.one_of(uploads, junk)),
        200,
        kwargs=lambda w, s: {"public_id": w.placement.public_id},
    ),
    FuzzForm(
        "logbook:entry_comment",
        "supervisor",
        fields(text=junk),
        100,
        kwargs=lambda w, entry: {"public_id": entry.public_id},
        setup=_logbook_entry,
    ),
]

AUDITED_APPS = ("placements", "evaluations", "documents", "accounts", "hours", "logbook")


def _counted_models():
    labels = (*AUDITED_APPS, "audit", "exchanges", "notifications", "organisations")
    return [model for label in labels for model in apps.get_app_config(label).get_models()]


def _row_counts() -> dict[str, int]:
    """Row counts of every model of the portal's apps, in one query (it runs after every example)."""
    models = _counted_models()
    quote = connection.ops.quote_name
    selects = ", ".join(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        counts = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, counts, strict=True)}


def _audited_rows_changed(before: dict, after: dict) -> bool:
    return any(before[label] != after[label] for label in before if label.split(".")[0] in AUDITED_APPS)


def test_fuzz_budget_reaches_this_modules_share():
    assert sum(form.examples for form in FORMS) >= MINIMUM_EXAMPLES


def _check_response(response, baseline: dict, data: dict) -> None:
    assert response.status_code < 500, (response.status_code, data)
    after = _row_counts()
    if response.status_code != 302:  # a page with errors, a refusal or a download: nothing may be written
        assert after == baseline, data
    elif _audited_rows_changed(baseline, after):  # a success that wrote tracked rows audits them
        assert after["audit.AuditEntry"] > baseline["audit.AuditEntry"], data


def form_client(world, form: FuzzForm, monkeypatch, **client_options) -> tuple[Client, object, str]:
    """The client of the person who posts the form, the objects the form needs and the form's path."""
    # The admin's navigation sidebar (every model of every app) does not depend on the input; rendering it
    # thousands of times would be most of this test's time.
    monkeypatch.setattr(admin.site, "enable_nav_sidebar", False)
    client = Client(**client_options)
    if form.persona:
        client.force_login(getattr(world, form.persona))
    if form.before:
        form.before(client, world)
    setup = form.setup(world)
    return client, setup, reverse(form.url_name, kwargs=form.kwargs(world, setup))


@pytest.mark.parametrize("form", FORMS, ids=[f.url_name for f in FORMS])
def test_form_survives_generated_input(world, form, monkeypatch):
    client, setup, path = form_client(world, form, monkeypatch)
    strategy = st.fixed_dictionaries({}, optional=form.fields(world, setup))
    baseline = _row_counts()
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    run = 0

    @settings(
        max_examples=form.budget,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=strategy, extra=extra_fields)
    def post(data, extra):
        nonlocal run
        run += 1
        client.cookies = SimpleCookie(cookies)  # a rolled-back login or session change must not leak
        for upload in data.values():
            if isinstance(upload, SimpleUploadedFile):
                upload.seek(0)
        with transaction.atomic():
            response = client.post(path, {**extra, **data, **form.fixed})
            _check_response(response, baseline, {**extra, **data})
            transaction.set_rollback(True)  # every example starts from the same database

    started = time.perf_counter()
    post()
    print(f"fuzz {form.url_name}: {run} generated inputs, {time.perf_counter() - started:.1f} s")
    assert run >= form.budget * 0.9, f"only {run} generated inputs for {form.url_name}"
