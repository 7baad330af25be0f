"""The Dutch catalogue is complete and its compiled form is the one committed: the UI speaks Dutch by default."""

import re
import shutil
import subprocess
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _entries(text: str):
    """(msgid, [msgstr, ...], flags) of every live entry; the header and obsolete (#~) entries left out."""
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        parts, current = {}, None
        for line in lines:
            if line.startswith(("msgid", "msgstr", "msgctxt")):
                current = line.split(" ", 1)[0]
                parts[current] = ""
            if current and not line.startswith("#"):
                parts[current] += "".join(_STRING.findall(line))
        msgid = parts.get("msgid")
        if msgid:
            yield msgid, [value for key, value in parts.items() if key.startswith("msgstr")], flags


def test_every_message_has_a_dutch_translation_that_is_not_fuzzy():
    entries = list(_entries(CATALOGUE.read_text()))
    assert len(entries) > 500
    untranslated = [msgid for msgid, msgstrs, _ in entries if not msgstrs or not all(msgstrs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []


def test_the_committed_compiled_catalogue_is_the_catalogue(tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE)], check=True)
    with open(compiled, "rb") as fresh, open(CATALOGUE.with_suffix(".mo"), "rb") as committed:
        fresh_catalog, committed_catalog = GNUTranslations(fresh)._catalog, GNUTranslations(committed)._catalog
    assert fresh_catalog == committed_catalog, "run `make messages`"
