"""The session store reads a session in one prepared query and keeps Django's rules: an unknown or expired
key reads as no session, and a signed-in person stays signed in."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_stored_session_reads_back_in_one_query(django_assert_num_queries):
    store = SessionStore()
    store["answer"] = 42
    store.create()
    SessionStore(store.session_key).load()  # compiled once per connection
    with django_assert_num_queries(1):
        assert SessionStore(store.session_key).load() == {"answer": 42}


def test_an_expired_or_unknown_session_reads_as_none():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None


def test_a_signed_in_person_stays_signed_in_and_is_signed_out_when_the_session_expires(client, world):
    client.force_login(world.student)
    url = reverse("placements:student_assignment")
    assert client.get(url).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 302
