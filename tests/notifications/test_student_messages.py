"""Leaders see every e-mail about a student of their programmes; nobody else does."""

from datetime import date

import pytest
from django.urls import reverse

from notifications.models import Notification
from rounds.reminders import rotation_reminders_send

pytestmark = pytest.mark.django_db


def _url(student):
    return reverse("programmes:student_messages", args=[student.pk])


def test_the_leader_sees_what_was_sent_to_whom_and_why(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rotation_reminders_send(today=date(2027, 1, 20))
    client.force_login(world.leader)
    response = client.get(_url(world.student.student))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.supervisor.email in body and world.student.email in body
    assert "placement.end_reminder" in body and world.other_student.email not in body


@pytest.mark.parametrize(
    ("persona", "status"), [("other_leader", 404), ("student", 403), ("supervisor", 403), ("admin", 200)]
)
def test_others_cannot_read_the_messages(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(_url(world.student.student)).status_code == status


@pytest.mark.parametrize("count", [2, 20])
def test_query_count_does_not_grow_with_the_number_of_messages(client, world, count, django_assert_num_queries):
    for i in range(count):
        Notification.objects.create(
            kind="test",
            object_key="x",
            recipient=world.supervisor,
            window=f"w{i}",
            template="t",
            student=world.student.student,
        )
    client.force_login(world.leader)
    # session, the leader with their roles, the student, the messages with their recipients
    with django_assert_num_queries(4):
        response = client.get(_url(world.student.student))
    assert response.content.decode().count("<code>test</code>") == count


def test_the_placement_page_links_leaders_to_the_students_messages(client, world):
    url = reverse("placements:placement_detail", args=[world.placement.public_id])
    client.force_login(world.leader)
    assert _url(world.student.student) in client.get(url).content.decode()
    client.force_login(world.student)
    assert _url(world.student.student) not in client.get(url).content.decode()
