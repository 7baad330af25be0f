"""Page text for assertions about markup: templates indent their rows, tests compare the rows themselves."""

import re


def compact(page: str) -> str:
    """The page with the whitespace between tags removed."""
    return re.sub(r">\s+<", "><", page)
