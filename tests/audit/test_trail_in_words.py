"""The audit trail reads as sentences in the reader's language: who did what to whom, and when; never a field
name, a code, None or an ISO date (issue 19)."""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from audit.actions import ACTIONS, VERBS
from audit.describe import entry_in_words
from audit.models import AuditEntry
from placements import services
from placements.models import Placement
from tests.factories import SupervisorFactory


def _move_to_new_supervisor(world):
    old = world.placement.supervisor
    new = SupervisorFactory(user__name="Sanne de Jong")
    new.units.add(world.placement.assignment.unit)
    services.placement_update(
        placement=world.placement,
        assignment=world.placement.assignment,
        start_date=world.placement.start_date,
        end_date=date(2027, 1, 15),
        supervisor=new,
        notes="",
        actor=world.leader,
    )
    return old, new


def _trail_text(client, world, language="nl"):
    client.force_login(world.leader)
    world.leader.language = language
    world.leader.save(update_fields=["language"])
    response = client.get(
        reverse("placements:placement_detail", args=[world.placement.public_id]), HTTP_ACCEPT_LANGUAGE=language
    )
    html = response.content.decode()
    section = html[html.index('id="audit-trail"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_a_change_of_supervisor_reads_as_a_dutch_sentence_with_names_and_a_dutch_date(client, world):
    old, _new = _move_to_new_supervisor(world)
    text = _trail_text(client, world)
    leader, placement = world.leader.name, str(world.placement)
    assert f"{leader} wijzigde de werkplekbegeleider van {placement} in Sanne de Jong (was {old.user.name})" in text
    assert f"{leader} wijzigde de einddatum van {placement} in 15 januari 2027 (was 31 januari 2027)" in text
    for raw in ("placement.updated", "supervisor", "end_date", "None", "2027-01-15"):
        assert raw not in text, raw


def test_an_english_reader_reads_the_trail_in_english(client, world):
    _move_to_new_supervisor(world)
    text = _trail_text(client, world, language="en")
    assert f"{world.leader.name} changed the end date of {world.placement} to 15 January 2027" in text


def test_a_status_change_is_a_verb_with_the_statuses_by_their_labels(client, world):
    services.placement_cancel(placement=world.placement, actor=world.leader)
    text = _trail_text(client, world)
    assert f"{world.leader.name} annuleerde de plaatsing {world.placement}" in text
    assert "→ Geannuleerd" in text and "cancelled" not in text


def _in_dutch(world, action, changes):
    """A system entry on the world's placement, as a Dutch reader reads it."""
    entry = AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(Placement),
        object_id=str(world.placement.pk),
        object_repr="Marco van Rijn @ Analyse",
        changes=changes,
    )
    with translation.override("nl"):
        return entry_in_words(entry)


def test_an_unknown_action_code_is_told_in_words_never_shown_raw(world):
    words = _in_dutch(world, "placement.frobnicated", {"status": ["planned", "active"], "start_date": "2027-02-01"})
    assert words.sentences == ["Plaatsing ‘Marco van Rijn @ Analyse’ gewijzigd door het systeem"]
    assert words.details == [("Status", "Gepland → Actief"), ("Startdatum", "1 februari 2027")]


def test_the_trail_costs_one_query_however_long(client, world, django_assert_max_num_queries):
    for day in range(1, 11):
        services.placement_update(
            placement=world.placement,
            assignment=world.placement.assignment,
            start_date=world.placement.start_date,
            end_date=date(2027, 1, day),
            supervisor=world.placement.supervisor,
            actor=world.leader,
        )
    from audit.selectors import audit_trail

    with django_assert_max_num_queries(1):  # the entries with their actors
        trail = audit_trail(world.placement)
    assert len(trail) == 10


def _codes_written_in_the_code() -> set[str]:
    codes = set()
    for path in Path(settings.BASE_DIR).glob("*/*.py"):
        if path.parts[-2] in {".venv", "tests", "bench"}:
            continue
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    return codes


def test_every_action_code_the_services_write_has_a_sentence_or_a_known_verb():
    codes = _codes_written_in_the_code()
    assert len(codes) > 50
    unread = sorted(code for code in codes if code not in ACTIONS and code.rpartition(".")[2] not in VERBS)
    assert unread == []


def test_rows_saved_with_an_object_in_the_admin_are_named_by_their_model(world):
    changes = {"learninggoal.added": ["Verhoren afnemen", "Observeren"], "learninggoal.deleted": ["Rapporteren"]}
    words = _in_dutch(world, "placement.updated", changes)
    assert words.sentences == ["Het systeem wijzigde de plaatsing Marco van Rijn @ Analyse"]
    assert words.details == [
        ("Leerdoelen toegevoegd", "Verhoren afnemen, Observeren"),
        ("Leerdoelen verwijderd", "Rapporteren"),
    ]
