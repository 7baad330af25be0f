"""A leader onboards new students and supervisors by e-mail, without the admin."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from tests.factories import UnitFactory

URL = reverse("programmes:invitation_create")


def _student_data(world, **extra):
    cohort = world.student.student.cohorts.get()
    return {"name": "Noor de Vries", "email": "noor@example.nl", "role": "student", "cohort": cohort.pk, **extra}


def test_leader_invites_a_student_who_gets_a_link_to_choose_a_password(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=True):
        school = world.student.student.school.pk  # a school of the leader's programme
        response = client.post(URL, _student_data(world, school=school, level="hbo"), follow=True)
    assert "is invited" in response.content.decode()
    user = User.objects.get(email="noor@example.nl")
    assert not user.has_usable_password()
    assert user.student.cohorts.get() == world.student.student.cohorts.get()
    assert user.student.school == world.student.student.school
    assert EmailAddress.objects.get(user=user).verified
    assert AuditEntry.objects.filter(action="user.invited", object_id=str(user.pk)).exists()
    (message,) = mail.outbox
    assert message.to == ["noor@example.nl"]
    assert "/accounts/password/reset/key/" in message.body


def test_the_invitation_link_sets_a_password(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _student_data(world))
    client.logout()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/key/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(form_url, {"password1": "a-New-passw0rd!", "password2": "a-New-passw0rd!"})
    assert response.status_code == 302
    assert User.objects.get(email="noor@example.nl").check_password("a-New-passw0rd!")


def test_inviting_a_supervisor_into_a_unit(client, world):
    client.force_login(world.leader)
    unit = world.placement.assignment.unit
    client.post(URL, {"name": "Jan Bakker", "email": "jan@example.nl", "role": "supervisor", "unit": unit.pk})
    assert list(User.objects.get(email="jan@example.nl").supervisor.units.all()) == [unit]


def test_an_existing_address_gets_a_clear_message_and_nothing_is_written(client, world):
    client.force_login(world.leader)
    before = User.objects.count()
    response = client.post(URL, _student_data(world, email=world.other_student.email.upper()))
    assert response.status_code == 200
    assert "has an account already" in response.content.decode()
    assert User.objects.count() == before
    assert mail.outbox == []


def test_a_student_needs_a_cohort_and_a_supervisor_a_unit(client, world):
    client.force_login(world.leader)
    response = client.post(URL, _student_data(world, cohort=""))
    assert "Choose the cohort" in response.content.decode()
    response = client.post(URL, {"name": "X", "email": "x@example.nl", "role": "supervisor"})
    assert "Choose the unit" in response.content.decode()
    assert not User.objects.filter(email="x@example.nl").exists()


@pytest.mark.parametrize("persona", ["student", "supervisor"])
def test_only_leaders_may_invite(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _student_data(world)).status_code == 403
    assert not User.objects.filter(email="noor@example.nl").exists()


def test_inviting_into_another_leaders_cohort_is_not_found(client, world):
    client.force_login(world.leader)
    other_cohort = world.other_student.student.cohorts.get()
    response = client.post(URL, _student_data(world, cohort=other_cohort.pk))
    assert response.status_code == 404
    assert not User.objects.filter(email="noor@example.nl").exists()


def test_a_unit_outside_the_leaders_programmes_is_refused(client, world):
    client.force_login(world.leader)
    response = client.post(URL, {"name": "X", "email": "x@example.nl", "role": "supervisor", "unit": UnitFactory().pk})
    assert response.status_code == 200
    assert not User.objects.filter(email="x@example.nl").exists()


def test_the_invitation_page_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world.leader)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_a_form_sent_back_leads_with_a_summary_linking_each_problem_to_its_field(client, world):
    """Every crispy form (templates/bootstrap5/errors.html): a focusable summary, one link per field error,
    pointing at the field's input (or, for a group of radio buttons, its wrapper)."""
    import re

    client.force_login(world.leader)
    page = client.post(URL, {"name": "", "email": "not-an-address", "role": ""}).content.decode()
    summary = re.search(
        r'<div class="alert alert-danger form-error-summary" role="alert" tabindex="-1">(.*?)</div>', page, re.S
    )
    assert summary is not None and "3 problems" in summary.group(1)
    targets = re.findall(r'href="#([\w-]+)"', summary.group(1))
    assert targets == ["id_name", "id_email", "div_id_role"]
    for target in targets:
        assert f'id="{target}"' in page, target
