"""E-mails are rendered by the worker from the JSON context their Notification row keeps, where a date is
ISO text: `{{ start_date|as_date|date:"DATE_FORMAT" }}` writes it in the recipient's language."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def as_date(value):
    """The date an ISO text (YYYY-MM-DD) names; anything else as it is."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
