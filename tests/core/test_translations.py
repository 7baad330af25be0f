"""The Dutch catalogue is complete and its compiled form is the one committed: the UI speaks Dutch by default."""

import shutil
import subprocess
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def compiled(tmp_path):
    """The catalogue compiled afresh by gettext's msgfmt, and what msgfmt says of it (--statistics)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    path = tmp_path / "django.mo"
    done = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", str(path), str(CATALOGUE)],
        check=True,
        capture_output=True,
        text=True,
    )
    return path, done.stderr.strip()


def test_every_message_has_a_dutch_translation_that_is_not_fuzzy(compiled):
    _, statistics = compiled
    assert statistics.endswith(" translated messages."), statistics  # no fuzzy or untranslated ones after it
    assert int(statistics.split()[0]) > 500


def test_the_committed_compiled_catalogue_is_the_catalogue(compiled):
    path, _ = compiled
    with open(path, "rb") as fresh, open(CATALOGUE.with_suffix(".mo"), "rb") as committed:
        assert GNUTranslations(fresh)._catalog == GNUTranslations(committed)._catalog, "run `make messages`"
