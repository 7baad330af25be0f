"""The internship agreement: drawn up from the placement, agreed in the portal by the student, the
training company (workplace supervisor) and the school (the programme's leader), then stored as the
student's agreement document, which lets the placement start."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, Party
from agreements.terms import agreement_terms
from audit.models import AuditEntry
from documents.models import DocumentRequirement, StudentDocument
from placements.models import Placement
from placements.services import placement_set_status, placement_update
from privacy.services import person_erase, personal_data_export

from ..factories import PlacementFactory, SchoolFactory, StudentFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def requirement(world):
    return DocumentRequirement.objects.create(
        programme=world.programme,
        kind=DocumentRequirement.Kind.AGREEMENT,
        name="Praktijkovereenkomst",
        agreed_in_portal=True,
    )


@pytest.fixture
def placement(world, requirement):
    """A planned block internship of a second student of the programme, with the world's supervisor."""
    student = StudentFactory(school=SchoolFactory(name="ROC Nijmegen"))
    world.student.student.cohorts.get().students.add(student)
    return PlacementFactory(
        student=student,
        assignment=world.placement.assignment,
        supervisor=world.supervisor.supervisor,
        start_date=date(2027, 2, 1),
        end_date=date(2027, 4, 30),
        status=Placement.Status.PLANNED,
    )


def _accept_all(world, agreement, parties=tuple(Party.values)):
    people = {
        Party.STUDENT: agreement.placement.student.user,
        Party.TRAINING_COMPANY: world.supervisor,
        Party.SCHOOL: world.leader,
    }
    for party in parties:
        services.agreement_accept(agreement=agreement, party=party, version=agreement.version, user=people[party])


def test_the_agreement_is_drawn_up_from_the_placement(world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    terms = agreement.terms
    assert terms["student"] == placement.student.user.name and terms["school"] == "ROC Nijmegen"
    assert terms["training_company"] == placement.assignment.unit.organisation.name
    assert (terms["start_date"], terms["end_date"]) == ("2027-02-01", "2027-04-30")
    assert terms["workplace_supervisor"] == world.supervisor.name
    assert terms["required_hours"] is None  # no hours in this programme
    assert AuditEntry.objects.filter(action="agreement.generated", actor=world.leader).exists()


def test_hours_are_in_the_terms_when_the_programme_has_them(placement):
    placement.assignment.programme.required_hours = 400  # the hours app's field, when merged
    assert agreement_terms(placement)["required_hours"] == "400"


def test_the_placement_waits_for_all_three_parties_then_may_start(world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    _accept_all(world, agreement, parties=[Party.STUDENT, Party.TRAINING_COMPANY])
    with pytest.raises(ValidationError, match="Praktijkovereenkomst is missing"):
        placement_set_status(placement=placement, status=Placement.Status.ACTIVE, today=placement.start_date)
    _accept_all(world, agreement, parties=[Party.SCHOOL])
    agreement.refresh_from_db()
    document = StudentDocument.objects.get(student=placement.student)
    assert agreement.completed_at and agreement.document == document
    assert document.status == StudentDocument.Status.APPROVED
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    placement_set_status(placement=placement, status=Placement.Status.ACTIVE, today=placement.start_date)
    accepted = AuditEntry.objects.filter(action="agreement.accepted").order_by("pk")
    assert [e.changes["party"] for e in accepted] == ["student", "training_company", "school"]
    assert [e.actor for e in accepted] == [placement.student.user, world.supervisor, world.leader]


def test_nobody_agrees_for_a_party_not_theirs_or_twice(world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    student = placement.student.user
    for party, person in [(Party.SCHOOL, student), (Party.STUDENT, world.leader), (Party.STUDENT, world.student)]:
        with pytest.raises(ValidationError, match="cannot agree on behalf"):
            services.agreement_accept(agreement=agreement, party=party, version=1, user=person)
    services.agreement_accept(agreement=agreement, party=Party.STUDENT, version=1, user=student)
    with pytest.raises(ValidationError, match="agreed already"):
        services.agreement_accept(agreement=agreement, party=Party.STUDENT, version=1, user=student)


def test_a_change_of_the_placement_makes_a_new_version_and_earlier_acceptances_lapse(world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    assert services.agreement_generate(placement=placement).version == 1  # unchanged: the same version
    _accept_all(world, agreement)
    placement_update(
        placement=placement,
        assignment=placement.assignment,
        supervisor=placement.supervisor,
        start_date=placement.start_date,
        end_date=date(2027, 5, 31),
    )
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    assert agreement.version == 2 and agreement.completed_at is None
    assert StudentDocument.objects.get(student=placement.student).status == StudentDocument.Status.REQUESTED
    with pytest.raises(ValidationError, match="drawn up again since you opened it"):
        services.agreement_accept(agreement=agreement, party=Party.STUDENT, version=1, user=placement.student.user)
    entry = AuditEntry.objects.get(action="agreement.regenerated")
    assert entry.changes["end_date"] == ["2027-04-30", "2027-05-31"]
    _accept_all(world, agreement)
    assert StudentDocument.objects.get(student=placement.student).status == StudentDocument.Status.APPROVED


def test_a_programme_without_portal_agreements_draws_up_none(world):
    with pytest.raises(ValidationError, match="draws up no internship agreements"):
        services.agreement_generate(placement=world.placement)


def test_the_student_agrees_on_the_placement_page_and_downloads_it(client, world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    client.force_login(placement.student.user)
    page = client.get(reverse("placements:placement_detail", args=[placement.public_id])).content.decode()
    assert "I agree" in page and reverse("agreements:agreement_accept", args=[agreement.public_id]) in page
    response = client.post(
        reverse("agreements:agreement_accept", args=[agreement.public_id]), {"party": "student", "version": 1}
    )
    assert response.status_code == 302
    assert agreement.acceptances.get().accepted_by == placement.student.user
    download = client.get(reverse("agreements:agreement_download", args=[agreement.public_id]))
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF-")


def test_the_agreed_copy_is_downloaded_as_stored(client, world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    _accept_all(world, agreement)
    client.force_login(world.supervisor)
    response = client.get(reverse("agreements:agreement_download", args=[agreement.public_id]))
    content = b"".join(response.streaming_content)  # read to the end, the test client closes the file
    with StudentDocument.objects.get(student=placement.student).file.open("rb") as stored:
        assert content == stored.read()


def test_the_leader_draws_it_up_on_the_page_and_others_may_not(client, world, placement):
    url = reverse("agreements:agreement_generate", args=[placement.public_id])
    client.force_login(placement.student.user)
    assert client.post(url).status_code == 403
    client.force_login(world.other_leader)
    assert client.post(url).status_code == 404
    client.force_login(world.leader)
    client.post(url)
    assert Agreement.objects.filter(placement=placement).exists()


def test_a_bad_acceptance_form_is_a_message_not_an_error(client, world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    client.force_login(placement.student.user)
    url = reverse("agreements:agreement_accept", args=[agreement.public_id])
    response = client.post(url, {"party": "pope", "version": "x"}, follow=True)
    assert "Choose the party you agree for." in response.content.decode()
    response = client.post(url, {"party": "school", "version": 1}, follow=True)
    assert "You cannot agree on behalf of this party." in response.content.decode()
    assert not agreement.acceptances.exists()


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_placement_page_with_an_agreement_has_constant_queries(
    client, world, today, placement, django_assert_max_num_queries, persona
):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_model(Placement, for_concrete_model=False)
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    client.force_login(getattr(world, persona))
    url = reverse("placements:placement_detail", args=[placement.public_id])
    # the page's own (at most 8: see tests/placements/test_pages.py), the hours' and the logbook's panels (2)
    # and the agreement's: the requirement, the agreement and its acceptances (on the leader's page: its
    # audit trail grows, not its queries)
    with django_assert_max_num_queries(13):
        small = client.get(url)
    for end in (date(2027, 5, 31), date(2027, 6, 30)):
        _accept_all(world, agreement, parties=[Party.STUDENT, Party.TRAINING_COMPANY])
        placement_update(
            placement=placement,
            assignment=placement.assignment,
            supervisor=placement.supervisor,
            start_date=placement.start_date,
            end_date=end,
        )
        agreement = services.agreement_generate(placement=placement, actor=world.leader)
    with django_assert_max_num_queries(13):
        large = client.get(url)
    assert small.status_code == large.status_code == 200


def test_export_and_erasure_cover_agreements_and_acceptances(world, placement):
    agreement = services.agreement_generate(placement=placement, actor=world.leader)
    _accept_all(world, agreement)
    student = placement.student.user
    mine = personal_data_export(user=student)["agreements"][0]
    assert [a["party"] for a in mine["acceptances"]] == ["student", "training_company", "school"]
    given = personal_data_export(user=world.supervisor)["agreement_acceptances"]
    assert given[0]["party"] == "training_company"
    person_erase(user=world.supervisor, actor=world.admin)
    assert agreement.acceptances.get(party="training_company").name == ""
    person_erase(user=student, actor=world.admin)
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
