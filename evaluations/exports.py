"""The evaluation results as CSV and XLSX, in the exports' one convention (core.spreadsheets): headers,
respondent roles and question kinds in the reader's language; in the CSV numbers with the language's decimal
separator, in the workbook numbers as numbers."""

from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.spreadsheets import CSV_CONTENT_TYPE, cell_text, csv_text, number_text

from . import selectors
from .models import Audience, Question


def headers() -> list[str]:
    return [
        _("Moment"),
        _("Question"),
        _("Respondent"),
        _("Version"),
        _("Kind"),
        _("Option"),
        _("Count"),
        _("Average"),
        _("Answered"),
        _("Answer"),
    ]


def rate_headers() -> list[str]:
    return [
        _("Cohort"),
        _("Unit"),
        _("Moment"),
        _("Respondent"),
        _("Requests"),
        _("Submitted"),
        _("Expired"),
        _("Response rate (%)"),
    ]


def rows(data) -> Iterator[list]:
    """Per question and moment: one row per option count, and one per free-text answer (leaders only
    reach the exports), text never run as a formula. A question nobody answered yet has its empty counts
    under no moment."""
    audiences, kinds = dict(Audience.choices), dict(Question.Kind.choices)
    for result in data.questions:
        q = result.question
        audience = q.version.questionnaire.audience
        head = [
            cell_text(q.text),
            str(audiences.get(audience, audience)),
            q.version.number,
            str(kinds.get(q.kind, q.kind)),
        ]
        unanswered = selectors.MomentStats(moment_id=0, name="", counts=result.counts)
        for stats in result.per_moment or [unanswered]:
            moment = cell_text(stats.name)
            for option, count in stats.counts.items():
                yield [moment, *head, cell_text(str(option)), count, stats.average, stats.answered, ""]
            for text in stats.texts:
                yield [moment, *head, "", "", "", stats.answered, cell_text(text)]


def rate_rows(data) -> Iterator[list]:
    audiences = dict(Audience.choices)
    for row in data.rates:
        yield [
            cell_text(row["cohort_name"] or ""),
            cell_text(row["unit_name"] or ""),
            cell_text(row["moment_name"] or ""),
            str(audiences.get(row["audience"], row["audience"])),
            row["total"],
            row["submitted"],
            row["expired"],
            row["rate"],
        ]


def _as_text(row: list) -> list:
    return [value if isinstance(value, str) else number_text(value, decimals=2) for value in row]


def csv_response(data, *, filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(headers(), (_as_text(row) for row in rows(data))), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(data, *, filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    sheet.append(headers())
    for row in rows(data):
        sheet.append(row)
    rates = workbook.create_sheet(_("Response rates")[:31])
    rates.append(rate_headers())
    for row in rate_rows(data):
        rates.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response
