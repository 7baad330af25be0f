"""The response-rate table written in one pass: a row per cohort, unit and respondent, hundreds in a
national programme (a template loop costs some 20 µs a cell). core.html.join_rows escapes every value as
the template would."""

from django import template

from core.html import join_rows
from evaluations.models import Audience

register = template.Library()

_RATE_ROW = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}%</td></tr>"


@register.simple_tag
def rate_rows(rates):
    """The rows of the results page's response rates (evaluations.selectors.programme_results' `rates`)."""
    labels = {value: str(label) for value, label in Audience.choices}
    return join_rows(
        _RATE_ROW,
        (
            (
                row["placement__rotation_round__cohort__name"] or "–",
                row["placement__assignment__unit__name"],
                labels.get(row["audience"], row["audience"]),
                row["total"],
                row["submitted"],
                row["expired"],
                row["rate"],
            )
            for row in rates
        ),
    )
