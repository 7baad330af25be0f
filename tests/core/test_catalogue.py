"""Every string the portal shows is in the Dutch catalogue, translated, with both plural forms (issue 19).

Three views of "shown": what makemessages extracts (templates, e-mail templates and Python, run afresh on a
copy of the project so that a string added without `make messages` fails here), what the Python code hands
to gettext (also where xgettext cannot see it, such as inside an f-string), and text a template writes
outside a translation tag.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

BASE = Path(settings.BASE_DIR)
CATALOGUE = BASE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
NOT_SOURCE = {".venv", "var", "bench", ".git", "tests", "static", "locale"}
GETTEXT = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
}
GETTEXT |= {"npgettext": 1, "npgettext_lazy": 1}
MAKEMESSAGES_IGNORE = ["--ignore=.venv", "--ignore=var", "--ignore=bench"]  # as `make messages`


def _untranslated(po: polib.POFile) -> list[str]:
    return [entry.msgid for entry in po if "fuzzy" in entry.flags or not entry.translated()]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """The catalogue as `make messages` would write it now, on a copy of the project."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (gettext) is not installed")
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(BASE, copy, ignore=shutil.ignore_patterns(".venv", "var", "bench", ".git", "__pycache__"))
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings", "PORTAL_VAR_DIR": str(copy / "var")}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete", *MAKEMESSAGES_IGNORE],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"))


def test_every_extracted_string_has_a_dutch_translation(extracted):
    assert _untranslated(extracted) == [], "run `make messages` and translate these"
    assert len(extracted) > 1000


def test_the_committed_catalogue_is_what_make_messages_writes(extracted):
    committed = {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in polib.pofile(str(CATALOGUE))}
    fresh = {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in extracted}
    assert fresh - committed == set(), "strings not yet in the catalogue: run `make messages`"


def test_every_plural_has_both_dutch_forms(extracted):
    po = polib.pofile(str(CATALOGUE))
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    plurals = [entry for entry in po if entry.msgid_plural]
    assert len(plurals) > 20
    assert [entry.msgid for entry in plurals if not all(entry.msgstr_plural.get(i) for i in (0, 1))] == []


def test_the_e_mails_are_in_the_catalogue(extracted):
    emails = BASE / "templates" / "notifications" / "email"
    marked = {
        str(path.relative_to(BASE))
        for path in emails.glob("*")
        if re.search(r"\{% *(block)?translate", path.read_text())
    }
    seen = {path for entry in extracted for path, _line in entry.occurrences}
    assert len(marked) > 30 and marked - seen == set()


def _python_files():
    for path in sorted(BASE.glob("*/**/*.py")):
        parts = path.relative_to(BASE).parts
        if parts[0] not in NOT_SOURCE and "migrations" not in parts:
            yield path


def _gettext_calls():
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in GETTEXT and len(node.args) > GETTEXT[name]:
                    context = node.args[0].value if GETTEXT[name] else None
                    yield path, node, context, node.args[GETTEXT[name]]


def test_every_string_the_python_code_translates_is_in_the_catalogue():
    """Also a call xgettext misses, such as _() inside an f-string ("(optional)" was never translated)."""
    catalogue = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(CATALOGUE))}
    missing = []
    for path, node, context, message in _gettext_calls():
        if isinstance(message, ast.Constant) and isinstance(message.value, str):
            entry = catalogue.get((context, message.value))
            if entry is None or not entry.translated() or "fuzzy" in entry.flags:
                missing.append(f"{path.relative_to(BASE)}:{node.lineno} {message.value!r}")
    assert missing == []


def test_python_hands_users_no_untranslated_text():
    """A message, a validation error or a form label given as a bare string reaches the user in English."""
    bare = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            shown = []
            if name in {"success", "error", "info", "warning"} and getattr(node.func, "value", None):
                shown = node.args[1:2] if getattr(node.func.value, "id", "") == "messages" else []
            elif name == "ValidationError":
                shown = node.args[:1]
            shown += [kw.value for kw in node.keywords if kw.arg in {"label", "empty_label"}]
            if path.name != "models.py":  # models' help texts are the admin's; a change needs a migration
                shown += [kw.value for kw in node.keywords if kw.arg in {"help_text", "verbose_name"}]
            for value in shown:
                text = isinstance(value, ast.JoinedStr) or isinstance(getattr(value, "value", None), str)
                if text and re.search(r"[A-Za-z]{2}", ast.unparse(value)):
                    bare.append(f"{path.relative_to(BASE)}:{node.lineno} {ast.unparse(value)}")
    assert bare == []


def _templates():
    for path in sorted(BASE.glob("templates/**/*")) + sorted(BASE.glob("*/templates/**/*")):
        if path.relative_to(BASE).parts[0] not in NOT_SOURCE and path.suffix in {".html", ".txt"}:
            yield path


def _text_outside_translation(path: Path) -> str:
    """The template's own text: blocktranslate, comment and verbatim blocks and every tag or variable
    replaced by a character without letters."""
    pieces, depth = [], 0
    for token in Lexer(path.read_text()).tokenize():
        name = token.contents.split()[0] if token.token_type == TokenType.BLOCK and token.contents else ""
        depth += name in {"blocktranslate", "blocktrans", "comment", "verbatim"}
        depth -= name in {"endblocktranslate", "endblocktrans", "endcomment", "endverbatim"}
        pieces.append(token.contents if token.token_type == TokenType.TEXT and not depth else "\x00")
    return re.sub(r"<script.*?</script>|<style.*?</style>", "", "".join(pieces), flags=re.S)


def test_templates_write_no_text_outside_translation_tags():
    untranslated = []
    templates = list(_templates())
    for path in templates:
        text = _text_outside_translation(path)
        attributes = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', text)
        words = re.findall(r"[A-Za-z]{2,}", re.sub(r"<[^>]*>|&\w+;", " ", text))
        words += [value for value in attributes if re.search(r"[A-Za-z]{2}", value)]
        if words:
            untranslated.append(f"{path.relative_to(BASE)}: {' '.join(words)[:120]}")
    assert len(templates) > 100
    assert untranslated == []
