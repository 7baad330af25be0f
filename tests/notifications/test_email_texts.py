"""E-mails speak to their reader ("je"), write dates in the reader's language, link to the portal's own address
(SITE_URL) and have a plain-text part that is plain text, not HTML-escaped (issue 19)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from notifications.services import notification_queue
from rounds.reminders import rotation_reminders_send

from ..factories import PlacementFactory, StudentFactory, SupervisorFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAILS = Path(settings.BASE_DIR) / "templates" / "notifications" / "email"
TEMPLATES = sorted({path.name.split(".")[0] for path in EMAILS.glob("[!_]*.txt")})
SITE = "https://stageportaal.politie.example"
HOSTILE = "Tom & Jerry's <team>"
# Every value any message shows, ISO dates as the jobs store them, names with the characters HTML escapes.
CONTEXT = dict.fromkeys(
    (
        "student",
        "assignment",
        "unit",
        "organisation",
        "placement",
        "round",
        "slot",
        "place",
        "host",
        "requester",
        "message",
        "document",
        "programme",
        "inviter",
        "where",
        "supervisor",
        "body",
    ),
    HOSTILE,
) | {
    "start_date": "2027-02-01",
    "end_date": "2027-07-31",
    "due_date": "2027-03-15",
    "expires_on": "2027-01-10",
    "date": "2027-01-12",
    "token": "abc",
    "url": "/placements/x/",
    "path": "/exchanges/mine/",
    "event": "start",
    "week": 48,
    "year": 2026,
    "unplaced": [HOSTILE],
    "not_ranked": [],
    "students": [{"student": HOSTILE, "assignment": HOSTILE, "unit": HOSTILE, "url": "/placements/x/"}],
}


def _sent(template, language, capture, context=None):
    user = UserFactory(language=language, name=HOSTILE)
    with capture(execute=True):
        notification_queue(
            kind=template, object_key="x:1", recipient=user, window="w", template=template, context=context or CONTEXT
        )
    return mail.outbox[-1]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_the_plain_text_part_is_plain_text_and_the_html_part_escaped(
    template, language, django_capture_on_commit_callbacks
):
    message = _sent(template, language, django_capture_on_commit_callbacks)
    html = message.alternatives[0][0]
    for text in (message.subject, message.body):
        assert "&amp;" not in text and "&#x27;" not in text and "&lt;" not in text, text
    assert HOSTILE in message.body
    assert "<team>" not in html


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_dates_are_written_in_the_readers_language_never_as_iso(template, language, django_capture_on_commit_callbacks):
    message = _sent(template, language, django_capture_on_commit_callbacks)
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), text


@pytest.mark.parametrize("template", TEMPLATES)
def test_links_point_to_the_site_address_of_the_settings(template, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = SITE
    message = _sent(template, "nl", django_capture_on_commit_callbacks)
    links = re.findall(r"https?://[^\s\"<]+", message.body + message.alternatives[0][0])
    assert all(link.startswith(SITE + "/") for link in links), links
    assert ":8000" not in message.body


def test_the_evaluation_request_names_the_due_date_in_dutch_words(django_capture_on_commit_callbacks):
    message = _sent("evaluation_request", "nl", django_capture_on_commit_callbacks)
    assert "15 maart 2027" in message.body


def test_every_plain_text_template_switches_html_escaping_off():
    """A new e-mail's .txt (subject or body) without it would write &amp; in plain text again."""
    texts = [path for path in EMAILS.glob("*.txt") if not path.name.startswith("_")]  # a partial is included
    unescaped = [path.name for path in texts if "{% autoescape off %}" not in path.read_text()]
    assert unescaped == []


def test_the_student_reads_of_their_own_placement_and_the_supervisor_of_the_students(
    django_capture_on_commit_callbacks,
):
    today = date(2026, 11, 23)
    student = StudentFactory(user__name="Marco van Rijn", user__language="nl")
    supervisor = SupervisorFactory(user__name="Sanne de Jong", user__language="nl")
    PlacementFactory(
        student=student, supervisor=supervisor, start_date=today + timedelta(weeks=2), end_date=date(2027, 6, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        rotation_reminders_send(today=today)
    to = {message.to[0]: message for message in mail.outbox}
    own, theirs = to[student.user.email], to[supervisor.user.email]
    assert own.body.count("Marco van Rijn") == 1  # the greeting only: never of themselves in the third person
    assert "Je plaatsing op" in own.body and "begint op 7 december 2026" in own.body
    assert own.subject.startswith("Je plaatsing bij")
    assert "De plaatsing van Marco van Rijn op" in theirs.body
    assert "Marco van Rijn" in theirs.subject
