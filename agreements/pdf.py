"""The agreement as a PDF (fpdf2), made from its terms and the acceptances of its version.

Always in the portal's language (settings.LANGUAGE_CODE): the stored copy is one document for all three
parties. The built-in Helvetica covers Latin-1; other characters are replaced (names keep their accents).
"""

from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .models import Agreement, Party

_PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def _latin1(text) -> str:
    return str(text or "").translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _day(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "DATE_FORMAT")


def _rows(terms: dict) -> list[tuple[str, str]]:
    hours = terms.get("required_hours")
    rows = [
        (_("Student"), f"{terms['student']} ({terms['student_email']})"),
        (_("School"), terms["school"] or _("not known")),
        (_("Study programme"), " · ".join(v for v in (terms["study_programme"], terms["level"]) if v) or "-"),
        (_("Training company"), f"{terms['training_company']} – {terms['unit']}"),
        (_("Address"), terms["address"] or "-"),
        (_("Programme"), terms["programme"]),
        (_("Assignment"), terms["assignment"]),
        (_("Period"), f"{_day(terms['start_date'])} – {_day(terms['end_date'])}"),
    ]
    if hours is not None:
        rows.append((_("Hours to complete"), hours))
    rows.append((_("Workplace supervisor"), terms["workplace_supervisor"] or _("not yet known")))
    if terms.get("school_supervisor"):
        rows.append((_("School supervisor"), terms["school_supervisor"]))
    return rows


def agreement_pdf(*, agreement: Agreement, acceptances) -> bytes:
    """The PDF of the agreement's current version with the acceptances given so far printed under it."""
    accepted = {a.party: a for a in acceptances if a.version == agreement.version}
    with translation.override(settings.LANGUAGE_CODE):
        pdf = FPDF(format="A4")
        pdf.set_title(_latin1(_("Internship agreement")))
        pdf.set_creation_date(agreement.generated_at)
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(text=_latin1(_("Internship agreement")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 9)
        version = _("Version %(version)d, drawn up on %(date)s") % {
            "version": agreement.version,
            "date": date_format(timezone.localtime(agreement.generated_at), "DATETIME_FORMAT"),
        }
        pdf.cell(text=_latin1(version), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)
        for label, value in _rows(agreement.terms):
            pdf.set_font("Helvetica", "B", 10)
            pdf.cell(55, 7, _latin1(label))
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 7, _latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)
        pdf.multi_cell(
            0,
            5,
            _latin1(
                _(
                    "The student, the training company and the school agree that the student carries out the "
                    "internship above under the supervision named, and keep to the programme's rules. Each "
                    "party agrees in the portal; the date and person of each acceptance are printed below."
                )
            ),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(text=_latin1(_("Acceptances")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 10)
        for party in Party:
            given = accepted.get(party.value)
            if given:
                when = date_format(timezone.localtime(given.accepted_at), "DATETIME_FORMAT")
                state = _("agreed by %(name)s on %(when)s") % {"name": given.name, "when": when}
            else:
                state = _("not yet agreed")
            pdf.multi_cell(0, 7, _latin1(f"{party.label}: {state}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return bytes(pdf.output())
