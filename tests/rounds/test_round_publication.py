"""Publishing a round: a confirmation page that says what will happen, then one e-mail to each placed
student and each of their supervisors (exactly once, in the recipient's language), listed on the round."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from placements.models import Placement
from programmes.models import RotationRound
from rounds.models import MatchProposal
from rounds.selectors import publication_preview
from rounds.services import PUBLISHED_KIND, publication_key, rotation_round_announce, rotation_round_publish

from .test_rounds_ui import _matched_round, _messages

pytestmark = pytest.mark.django_db
State = RotationRound.State


def test_the_confirmation_page_counts_placements_and_e_mails_and_publishes_nothing(client, world, cohort):
    rotation_round = _matched_round(cohort)
    placed = MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False).count()
    assert placed >= 2
    preview = publication_preview(rotation_round=rotation_round)
    supervisors = {
        p.assignment.default_supervisor_id
        for p in MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False)
    }
    assert (preview.placements, preview.students_told, preview.supervisors_told) == (placed, placed, len(supervisors))
    assert preview.without_assignment == cohort.students.count() - placed
    client.force_login(world.leader)
    page = client.get(reverse("rounds:round_publish", args=[rotation_round.pk])).content.decode()
    assert f"{placed} placements are created" in page and f"{placed} students get an e-mail" in page
    assert "Publish and send the e-mails" in page
    detail = client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).content.decode()
    assert reverse("rounds:round_publish", args=[rotation_round.pk]) in detail  # the button leads there
    rotation_round.refresh_from_db()
    assert rotation_round.state == State.MATCHED and not Placement.objects.filter(rotation_round=rotation_round)


def test_the_confirmation_page_is_not_for_another_programme_nor_for_an_unmatched_round(client, world, cohort):
    rotation_round = _matched_round(cohort)
    client.force_login(world.other_leader)
    assert client.get(reverse("rounds:round_publish", args=[rotation_round.pk])).status_code == 404
    rotation_round.state = State.PREFERENCES_OPEN
    rotation_round.save()
    client.force_login(world.leader)
    response = client.get(reverse("rounds:round_publish", args=[rotation_round.pk]))
    assert response.status_code == 302 and "Only a matched round can be published." in _messages(response)


def test_publishing_tells_each_student_and_supervisor_once_in_their_language(
    client, world, cohort, django_capture_on_commit_callbacks
):
    rotation_round = _matched_round(cohort)
    proposals = list(
        MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False).select_related(
            "student__user", "assignment"
        )
    )
    english = proposals[0].student.user
    english.language = "en"
    english.save()
    supervisor = world.supervisor
    supervisor.language = "nl"
    supervisor.save()
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rounds:round_publish", args=[rotation_round.pk]))
    assert "told by e-mail" in _messages(response)

    told = Notification.objects.filter(kind=PUBLISHED_KIND, object_key=publication_key(rotation_round))
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [p.student.user_id for p in proposals] + [supervisor.pk]
    )
    assert set(told.values_list("status", flat=True)) == {Notification.Status.SENT}
    by_address = {message.to[0]: message for message in mail.outbox}
    to_student = by_address[english.email]
    assert proposals[0].assignment.title in to_student.subject and "Your placement from" in to_student.subject
    assert "The placements of" in to_student.body and "From 1 February 2027 to 31 July 2027" in to_student.body
    to_supervisor = by_address[supervisor.email]
    assert "studenten vanaf" in to_supervisor.subject  # Dutch, plural
    assert all(p.student.user.name in to_supervisor.body for p in proposals)

    # The round's page lists who was told; telling again (a retried task, a second call) sends nothing new.
    page = client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).content.decode()
    assert "Who was told" in page and english.name in page and supervisor.name in page
    placements = list(Placement.objects.filter(rotation_round=rotation_round))
    assert rotation_round_announce(rotation_round=rotation_round, placements=placements) == 0
    assert told.count() == len(proposals) + 1


def test_an_inactive_student_gets_no_e_mail_but_their_placement(world, cohort, django_capture_on_commit_callbacks):
    rotation_round = _matched_round(cohort)
    proposal = MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False).first()
    proposal.student.user.is_active = False
    proposal.student.user.save()
    assert publication_preview(rotation_round=rotation_round).students_told == (
        MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False).count() - 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        rotation_round_publish(rotation_round=rotation_round)
    assert Placement.objects.filter(rotation_round=rotation_round, student=proposal.student).exists()
    assert not Notification.objects.filter(kind=PUBLISHED_KIND, recipient=proposal.student.user).exists()
