"""The demo has a working exchange programme: every request state, figures in the matrix, and the demo
supervisor can open the exchange pages as a host and as a visitor."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo.logins import DEMO_LOGINS
from evaluations.models import EvaluationRequest
from exchanges.models import ExchangeRequest, ExchangeSlot
from programmes.models import Professional, Programme, Student

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(today):
    call_command("load_demo")


def test_the_demo_has_exchanges_in_every_state(demo):
    states = set(ExchangeRequest.objects.values_list("status", flat=True))
    assert states == {"pending", "accepted", "declined"}
    assert ExchangeSlot.objects.filter(withdrawn_at__isnull=False).exists()
    submitted = EvaluationRequest.objects.filter(
        placement__assignment__programme__kind="exchange", state="submitted", version__questionnaire__is_active=True
    )
    assert set(submitted.values_list("audience", flat=True)) == {"student", "supervisor"}


def test_the_leader_sees_figures_in_the_matrix(client, demo):
    client.force_login(User.objects.get(email=DEMO_LOGINS["leader"]))
    rows = client.get(reverse("exchanges:matrix")).context["rows"]
    assert sum(row["count"] for row in rows) >= 8
    assert {"Douane", "Belastingdienst/FIOD"} <= {row["host"] for row in rows}
    programme = Programme.objects.get(kind="exchange")
    results = client.get(reverse("evaluations:results", kwargs={"programme_pk": programme.pk})).content.decode()
    assert "Wat neem je mee naar je eigen organisatie?" in results  # the reflections, as evaluation results


def test_the_demo_supervisor_hosts_and_visits(client, demo):
    client.force_login(User.objects.get(email=DEMO_LOGINS["supervisor"]))
    home = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("exchanges:slots") in home  # the nav link
    assert "Koninklijke Marechaussee" in client.get(reverse("exchanges:slots")).content.decode()
    hosting = client.get(reverse("exchanges:hosting")).content.decode()
    assert "Accept" in hosting and "Offer an exchange day" in hosting
    mine = client.get(reverse("exchanges:mine")).content.decode()
    assert "Veilig Thuis Rotterdam-Rijnmond" in mine and "Write your reflection" in mine
    assert client.get(reverse("exchanges:slot_create")).status_code == 200
    for name in ("dashboards:supervisor_students", "evaluations:mine"):
        assert client.get(reverse(name)).status_code == 200, name
    # A professional, not a student: no student's pages, though a Student row holds the one-day placements.
    assert client.get(reverse("dashboards:student_assignment")).status_code == 404


def test_exchange_participants_are_professionals_not_students(demo):
    programme = Programme.objects.get(kind="exchange")
    assert not programme.cohorts.exists()
    assert not Student.objects.filter(user__professional__isnull=False).exclude(school=None).exists()
    assert Professional.objects.filter(exchange_participations__programme=programme).count() == 24


def test_the_demo_coordinator_manages_veilig_thuis(client, demo):
    client.force_login(User.objects.get(email=DEMO_LOGINS["coordinator"]))
    page = client.get(reverse("home"), follow=True)
    assert page.context["coordination"].organisation.name == "Veilig Thuis Rotterdam-Rijnmond"
    html = page.content.decode()
    assert "Procesregie" in html and "Invite a host" in html
    hosting = client.get(reverse("exchanges:hosting")).content.decode()
    assert "Accept" in hosting
    visits = page.context["visits"]
    assert visits and all(r.slot.assignment.unit.organisation.name == "Veilig Thuis Rotterdam-Rijnmond" for r in visits)
    past = next(r for r in visits if r.status == "accepted" and r.placement.status == "completed")
    reflections = client.get(reverse("exchanges:visit", kwargs={"pk": past.pk})).content.decode()
    assert reflections.index("The visitor's reflection") < reflections.index("The host's reflection")
