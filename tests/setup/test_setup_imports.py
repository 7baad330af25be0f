"""The importers take the set-up pages' fields: a unit's parent (by name, in the same organisation, an
existing unit or an earlier row: a tree, never a cycle), an assignment's wanted backgrounds and levels and its
default supervisor (by e-mail, a person of the unit's organisation)."""

import pytest
from django.test import TestCase
from django.urls import reverse

from imports.models import ImportJob
from organisations.models import Unit
from placements.models import Assignment
from tests.factories import SupervisorFactory, UnitFactory, UserFactory
from tests.imports.conftest import counts, csv_upload

NEW = reverse("imports:import_new")


def _import(client, world, kind, text, django_capture_on_commit_callbacks) -> ImportJob:
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=True):  # the worker checks the file after the upload
        client.post(NEW, {"programme": world.programme.pk, "kind": kind, "file": csv_upload(text)})
    job = ImportJob.objects.get()
    if job.state == ImportJob.State.VALID:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("imports:import_apply", args=[job.public_id]))
        job.refresh_from_db()
    return job


def test_units_import_with_their_parents(client, world, django_capture_on_commit_callbacks):
    UnitFactory(organisation=world.programme.organisation, name="Eenheid Den Haag")
    text = "name,parent\nDistrict Noord,eenheid den haag\nBasisteam Noord,District Noord\nStaf,\n"
    job = _import(client, world, "units", text, django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.DONE, job.errors
    units = {u.name: u for u in Unit.objects.filter(organisation=world.programme.organisation)}
    assert units["District Noord"].parent == units["Eenheid Den Haag"]
    assert units["Basisteam Noord"].parent == units["District Noord"]
    assert units["Staf"].parent is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,parent\nTeam A,Team A\n", "cannot be its own parent"),
        ("name,parent\nTeam A,Team B\nTeam B,\n", "no unit named Team B"),  # a parent comes first
        ("name,parent\nTeam A,{foreign}\n", "no unit named"),  # a unit of another organisation
    ],
)
def test_a_parent_that_would_break_the_tree_is_refused(client, world, text, message):
    foreign = world.other_placement.assignment.unit.name
    before = counts()
    client.force_login(world.leader)
    upload = csv_upload(text.replace("{foreign}", foreign))
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker checks the file
        client.post(NEW, {"programme": world.programme.pk, "kind": "units", "file": upload})
    job = ImportJob.objects.get()
    assert any(e["column"] == "parent" and message in e["message"] for e in job.errors), job.errors
    assert counts() == before


def test_assignments_import_with_backgrounds_levels_and_supervisor(client, world, django_capture_on_commit_callbacks):
    unit = UnitFactory(organisation=world.programme.organisation, name="Digitale Opsporing")
    supervisor = SupervisorFactory(user=UserFactory(email="analist@example.nl"))
    supervisor.units.add(unit)
    text = (
        'title,unit,backgrounds,levels,supervisor\nOSINT,Digitale Opsporing,"data, recht",HBO/WO,Analist@example.nl\n'
    )
    job = _import(client, world, "assignments", text, django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.DONE, job.errors
    assignment = Assignment.objects.get(title="OSINT")
    assert (assignment.wanted_backgrounds, assignment.wanted_levels) == (["data", "recht"], ["hbo", "wo"])
    assert assignment.default_supervisor == supervisor


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("elders@example.nl", "supervisor", "does not work at"),
        ("niemand@example.nl", "supervisor", "no supervisor with the e-mail address"),
    ],
)
def test_a_supervisor_of_another_organisation_is_refused_in_the_import(client, world, cell, column, message):
    UnitFactory(organisation=world.programme.organisation, name="Digitale Opsporing")
    elsewhere = SupervisorFactory(user=UserFactory(email="elders@example.nl"))
    elsewhere.units.add(UnitFactory())
    before = counts()
    client.force_login(world.leader)
    upload = csv_upload(f"title,unit,supervisor\nOSINT,Digitale Opsporing,{cell}\n")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker checks the file
        client.post(NEW, {"programme": world.programme.pk, "kind": "assignments", "file": upload})
    job = ImportJob.objects.get()
    assert any(e["column"] == column and message in e["message"] for e in job.errors), job.errors
    assert counts() == before


def test_an_unknown_level_in_a_list_is_refused(client, world):
    UnitFactory(organisation=world.programme.organisation, name="Digitale Opsporing")
    client.force_login(world.leader)
    upload = csv_upload("title,unit,levels\nOSINT,Digitale Opsporing,HBO; Master\n")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker checks the file
        client.post(NEW, {"programme": world.programme.pk, "kind": "assignments", "file": upload})
    job = ImportJob.objects.get()
    assert any(e["column"] == "levels" and "Unknown level" in e["message"] for e in job.errors), job.errors


def test_the_new_columns_are_found_under_their_dutch_names(client, world, django_capture_on_commit_callbacks):
    unit = UnitFactory(organisation=world.programme.organisation, name="Digitale Opsporing")
    supervisor = SupervisorFactory(user=UserFactory(email="analist@example.nl"))
    supervisor.units.add(unit)
    text = (
        "Titel;Eenheid;Gewenste achtergronden;Niveaus;Begeleider\n"
        "OSINT;Digitale Opsporing;data;HBO;analist@example.nl\n"
    )
    job = _import(client, world, "assignments", text, django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.DONE, job.errors
    assignment = Assignment.objects.get(title="OSINT")
    assert (assignment.wanted_backgrounds, assignment.wanted_levels) == (["data"], ["hbo"])
    assert assignment.default_supervisor == supervisor
