"""The demo command builds the three seed scenarios and refuses to overwrite real data."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from placements.models import Placement
from programmes.models import Programme, Student

pytestmark = pytest.mark.django_db


def test_demo_builds_the_seed_scenarios_with_logins(today):
    call_command("load_demo")
    kinds = set(Programme.objects.values_list("kind", flat=True))
    assert kinds == {"work_student", "block_internship", "project_internship", "exchange"}
    pilot = Programme.objects.get(name="Pilot Werkstudenten Den Haag")
    assert Student.objects.filter(cohorts__programme=pilot).count() == 21
    assert pilot.cohorts.count() == 2
    assert Student.objects.filter(level="mbo3", school__name="ROC Nijmegen").exists()
    assert Student.objects.filter(level="mbo4", school__name="Helicon MBO Nijmegen").exists()
    assert Placement.objects.filter(assignment__programme__kind="exchange", start_date=models_f("end_date")).exists()
    for email in DEMO_LOGINS.values():
        assert User.objects.filter(email=email).exists()


def models_f(name):
    from django.db.models import F

    return F(name)


def test_demo_refuses_a_database_with_users(world):
    with pytest.raises(CommandError):
        call_command("load_demo")
    call_command("load_demo", "--if-empty")  # quietly does nothing


def test_load_demo_then_demo_info_through_the_commands(today):
    """What `make run` does: load the demo into the empty database, then print the URL and the logins."""
    loaded = StringIO()
    call_command("load_demo", "--if-empty", stdout=loaded)
    assert "Demo data loaded." in loaded.getvalue()
    for email in DEMO_LOGINS.values():
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    again = StringIO()
    call_command("load_demo", "--if-empty", stdout=again)
    assert "nothing loaded" in again.getvalue()
    info = StringIO()
    call_command("demo_info", "--url", "http://127.0.0.1:8000/", stdout=info)
    printed = info.getvalue()
    assert "Placement portal: http://127.0.0.1:8000/" in printed
    assert f"password for all: {DEMO_PASSWORD}" in printed
    for email in DEMO_LOGINS.values():
        assert email in printed


def test_demo_nijmegen_internships_have_a_scale_and_standard_goals_copied_onto_placements(today):
    call_command("load_demo")
    block = Programme.objects.get(name="Stages Toezicht & Handhaving Nijmegen")
    project = Programme.objects.get(name="Projectstage Informatiegestuurd Handhaven")
    assert (block.goal_scale, project.goal_scale) == ("sufficient", "five_point")
    assert block.standard_goals.count() == project.standard_goals.count() == 3
    group_placement = Placement.objects.filter(assignment__programme=project, assignment__is_group=True).first()
    assert group_placement.learning_goals.count() == 2  # copied from the programme's list


def test_demo_nijmegen_internships_keep_hours_and_logbooks(today):
    from hours.models import HoursWeek
    from logbook.models import LogbookEntry

    call_command("load_demo")
    project = Programme.objects.get(name="Projectstage Informatiegestuurd Handhaven")
    assert project.required_hours and Programme.objects.get(name="Stages Toezicht & Handhaving Nijmegen").required_hours
    statuses = set(HoursWeek.objects.filter(placement__assignment__programme=project).values_list("status", flat=True))
    assert statuses == {"approved", "submitted", "returned"}
    assert LogbookEntry.objects.filter(placement__assignment__programme=project).count() >= 8
    assert LogbookEntry.objects.exclude(photo="").count() == 1
    assert LogbookEntry.objects.filter(comments__isnull=False).exists()


def test_demo_nijmegen_has_its_schools_school_supervisors_and_sbb_adviser(client, today):
    from evaluations.models import EvaluationRequest
    from programmes.models import SbbAdviser, SchoolSupervisor

    call_command("load_demo")
    block = Programme.objects.get(name="Stages Toezicht & Handhaving Nijmegen")
    assert set(block.schools.values_list("name", flat=True)) == {"ROC Nijmegen", "Helicon MBO Nijmegen"}
    roc = SchoolSupervisor.objects.get(user__email=DEMO_LOGINS["school_supervisor"])
    helicon = SchoolSupervisor.objects.get(user__email=DEMO_LOGINS["school_supervisor_helicon"])
    assert set(roc.students.values_list("school__name", flat=True)) == {"ROC Nijmegen"}
    assert set(helicon.students.values_list("school__name", flat=True)) == {"Helicon MBO Nijmegen"}
    assert EvaluationRequest.objects.filter(respondent=roc.user, state="pending").exists()
    assert block in SbbAdviser.objects.get(user__email=DEMO_LOGINS["sbb_adviser"]).programmes.all()
    client.force_login(roc.user)
    page = client.get("/", follow=True).content.decode()
    assert "Onze studenten" in page or "Our students" in page


def test_where_two_factor_is_required_the_demo_leaders_have_the_printed_secret(today, settings, client):
    """Production settings require TOTP of leaders: the demo enrols them with its known secret (stored
    encrypted), demo_info prints it, and its current code signs the leader in (the production smoke does so)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from django.urls import reverse

    from demo.logins import DEMO_TOTP_ROLES, DEMO_TOTP_SECRET

    settings.MFA_REQUIRED_FOR_LEADERS = True
    call_command("load_demo", stdout=StringIO())
    enrolled = set(Authenticator.objects.filter(type="totp").values_list("user__email", flat=True))
    assert enrolled == {DEMO_LOGINS[role] for role in DEMO_TOTP_ROLES}
    assert DEMO_TOTP_SECRET not in str(list(Authenticator.objects.values_list("data", flat=True)))
    info = StringIO()
    call_command("demo_info", stdout=info)
    assert DEMO_TOTP_SECRET in info.getvalue()
    client.post(reverse("account_login"), {"login": DEMO_LOGINS["leader"], "password": DEMO_PASSWORD})
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, next(yield_hotp_counters_from_time())))
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("dashboards:leader_dashboard")).status_code == 200
