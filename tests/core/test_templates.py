"""Checks over every template of the portal that no single page's test would notice."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR).glob("*/templates/**/*.html")) + sorted(
    (Path(settings.BASE_DIR) / "templates").glob("**/*.html")
)
_WRAPPER = re.compile(r'<div class="[^"]*\btable-responsive\b[^"]*"[^>]*>\s*$')


def test_every_table_scrolls_in_its_own_box_on_a_phone():
    """A table wider than a 390 px phone otherwise widens the whole page, navigation and all."""
    unwrapped = []
    for path in TEMPLATES:
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            if not _WRAPPER.search(text[: match.start()]):
                unwrapped.append(f"{path.relative_to(settings.BASE_DIR)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert len(TEMPLATES) > 50
    assert unwrapped == []
