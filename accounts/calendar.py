"""A person's iCal feed at a secret URL, assembled from every app's `<app>/calendar.py` `events(user)`.

An app contributes events by defining `events(user)` in its calendar module, returning objects with
uid, summary, start, end (inclusive dates), location and description (placements.calendar.CalendarEvent);
the evaluations app adds its due dates that way without this module knowing it.
"""

import secrets
from datetime import datetime, timedelta
from importlib import import_module
from importlib.util import find_spec
from types import SimpleNamespace

import icalendar
from django.apps import apps
from django.conf import settings
from django.db import transaction

from audit.services import audit_log


def _providers():
    for config in apps.get_app_configs():
        name = f"{config.name}.calendar"
        if config.name != "accounts" and find_spec(config.name) and find_spec(name):
            module = import_module(name)
            if hasattr(module, "events"):
                yield module.events


def calendar_for(user) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Stageportaal//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Stageportaal – {user.name}")
    host = settings.SITE_URL.split("://")[-1].split("/")[0]
    for provider in _providers():
        for item in provider(user):
            if isinstance(item, dict):  # a provider may return plain dicts with the same keys
                item = SimpleNamespace(**{"location": "", "description": "", **item})
            event = icalendar.Event()
            event.add("uid", f"{item.uid}@{host}")
            event.add("summary", item.summary)
            event.add("dtstart", item.start)
            # All-day events end exclusively on the next day; timed events carry their own end.
            event.add("dtend", item.end if isinstance(item.end, datetime) else item.end + timedelta(days=1))
            if item.location:
                event.add("location", item.location)
            if item.description:
                event.add("description", item.description)
            cal.add_component(event)
    return cal.to_ical()


@transaction.atomic
def calendar_token_renew(*, user) -> str:
    """Give the person a new secret feed URL; the old one stops working (404) at once."""
    user.calendar_token = secrets.token_urlsafe(24)
    user.save(update_fields=["calendar_token"])
    audit_log(actor=user, action="user.calendar_token_renewed", instance=user)
    return user.calendar_token
