"""Why the matching gave a student what it gave, in the reader's language.

The matching (pure Python, no Django) and the leader's moves store a language-neutral code in
MatchProposal.reason, e.g. "rank:2;1:full": given their 2nd choice, because the 1st was full, or
"unranked:none_free:3;1:full;...": none of their 3 choices was free, so the best fitting free assignment. The
review board puts it into words when it is shown, so a Dutch and an English leader each read their own.
"""

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

MOVED = "moved"

HEADS = {
    "unranked": gettext_lazy("No preferences given; best fitting free assignment"),
    "unplaced": gettext_lazy("Not placed"),
    "unplaced:full": gettext_lazy("Not placed: every ranked and fitting assignment is full or not allowed"),
    "unplaced:no_preferences": gettext_lazy("Not placed: no preferences and no free fitting assignment"),
    MOVED: gettext_lazy("Moved by the leader"),
}
WHY_NOT = {
    "full": gettext_lazy("%(rank)s choice full"),
    "not_allowed": gettext_lazy("%(rank)s choice not allowed"),
    "unit_done": gettext_lazy("%(rank)s choice: unit already done in this programme"),
    "not_on_offer": gettext_lazy("%(rank)s choice not on offer"),
    "supervisor_max": gettext_lazy("%(rank)s choice: supervisor at maximum"),
    "better_total": gettext_lazy("%(rank)s choice gave a better total"),
}


def _part(part: str) -> str | None:
    if part in HEADS:
        return str(HEADS[part])
    key, _sep, value = part.partition(":")
    if part.startswith("unranked:none_free:"):
        count = part.rsplit(":", 1)[-1]
        if count.isdigit():
            text = ngettext(
                "The only choice was not free; best fitting free assignment",
                "None of the %(count)d choices was free; best fitting free assignment",
                int(count),
            )
            return text % {"count": int(count)}
        return None
    if key == "rank" and value.isdigit():
        return _("%(rank)s choice") % {"rank": ordinal(int(value))}
    if key.isdigit() and value in WHY_NOT:
        return WHY_NOT[value] % {"rank": ordinal(int(key))}
    return None


def reason_text(code: str) -> str:
    """The reason in words; a text that is not a code (stored before codes were) is shown as it is."""
    parts = [_part(part) for part in code.split(";")] if code else []
    if not parts or None in parts:
        return code
    return "; ".join(parts)
