"""A person's iCal feed at a secret URL, assembled from the events each app registers in its calendar.py
(core.hooks.calendar_events): this module knows none of them."""

import secrets
from datetime import date, datetime, timedelta

import icalendar
from django.conf import settings
from django.db import transaction

from audit.services import audit_log
from core.hooks import calendar_events


def calendar_for(user) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Stageportaal//NL")
    cal.add("version", "2.0")
    # An X- property is not escaped as text unless it is one: a line break in a name would break the feed.
    cal.add("x-wr-calname", icalendar.vText(f"Stageportaal – {' '.join(user.name.split())}"))
    host = settings.SITE_URL.split("://")[-1].split("/")[0]
    for events in calendar_events:
        for item in events(user):
            event = icalendar.Event()
            event.add("uid", f"{item.uid}@{host}")
            event.add("summary", item.summary)
            event.add("dtstart", item.start)
            event.add("dtend", _exclusive_end(item.end))
            if item.location:
                event.add("location", item.location)
            if item.description:
                event.add("description", item.description)
            cal.add_component(event)
    return cal.to_ical()


def _exclusive_end(end: date | datetime) -> date | datetime:
    """All-day events end exclusively on the next day; timed events carry their own end. The last day a
    date can hold (9999-12-31, from before forms kept dates in their window) stays itself, not an error."""
    if isinstance(end, datetime) or end == date.max:
        return end
    return end + timedelta(days=1)


@transaction.atomic
def calendar_token_renew(*, user) -> str:
    """Give the person a new secret feed URL; the old one stops working (404) at once."""
    user.calendar_token = secrets.token_urlsafe(24)
    user.save(update_fields=["calendar_token"])
    audit_log(actor=user, action="user.calendar_token_renewed", instance=user)
    return user.calendar_token
