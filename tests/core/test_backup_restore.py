"""The backup of the README restores: pg_dump of a database with data, pg_restore into a new empty database,
and the portal serves the restored data (a leader's placement page, signed in, in a process of its own)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import PlacementFactory, ProgrammeLeaderFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SERVE = """
import django
django.setup()
from django.test import Client
from accounts.models import User
from placements.models import Placement

placement = Placement.objects.get(public_id="{public_id}")
client = Client()
client.force_login(User.objects.get(email="{leader}"))
response = client.get(f"/placements/{{placement.public_id}}/")
print(response.status_code, "{student}" in response.content.decode())
"""


def _pg(settings: dict) -> tuple[list[str], dict]:
    """Connection options and environment for the PostgreSQL command-line tools."""
    options = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432), "-U", settings["USER"]]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return options, env


def test_a_dump_restores_into_an_empty_database_and_is_served(tmp_path):
    placement = PlacementFactory()
    leader = ProgrammeLeaderFactory(programme=placement.assignment.programme).user
    settings = connection.settings_dict
    options, env = _pg(settings)
    dump, restored = tmp_path / "portal.dump", f"{settings['NAME']}_restored"
    subprocess.run(["pg_dump", *options, "-Fc", "-f", str(dump), settings["NAME"]], env=env, check=True)
    subprocess.run(["dropdb", *options, "--if-exists", restored], env=env, check=True)
    subprocess.run(["createdb", *options, restored], env=env, check=True)
    try:
        subprocess.run(
            ["pg_restore", *options, "--no-owner", "--exit-on-error", "-d", restored, str(dump)], env=env, check=True
        )
        url = f"postgres://{settings['USER']}@{options[1]}:{options[3]}/{restored}"
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                SERVE.format(public_id=placement.public_id, leader=leader.email, student=placement.student.user.name),
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings_test", "DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.split()[-2:] == ["200", "True"], result.stdout + result.stderr[-2000:]
    finally:
        subprocess.run(["dropdb", *options, "--if-exists", restored], env=env, check=True)
