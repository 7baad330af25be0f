"""Absolute links to the portal are built from settings.SITE_URL, the address people reach it at: never from
the request (behind a proxy its host is an internal one) nor a hard-coded host."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    """`/x/` as `https://portal.example/x/`."""
    return settings.SITE_URL.rstrip("/") + path


@register.filter
def webcal(path: str) -> str:
    """`/x.ics` as `webcal://portal.example/x.ics`, the link a calendar app subscribes to."""
    site = urlsplit(settings.SITE_URL)
    return f"webcal://{site.netloc}{site.path.rstrip('/')}{path}"
