"""The demo: the seed scenarios with dates around today, so every page has something to show.

- the Den Haag work-student pilot (SAOP subsidy): two cohorts, 21 students rotating every six months
  (pilot.py), with their VOG and placement agreements (pilot_documents.py);
- the Nijmegen enforcement internships: ROC Nijmegen level 3 and Helicon level 4 students in block
  internships and a group project internship, with learning goals and final presentations (nijmegen.py),
  hours and logbooks (nijmegen_work.py);
- Wisselstage!, one-day exchange internships among partner organisations in Rotterdam-Rijnmond
  (wisselstage.py);
- evaluations of the placements that have ended, and the exchange days' reflections
  (evaluation_results.py, wisselstage.py).

Everything is written through the apps' public services, so their rules hold; only what no service
writes (organisations, programmes, cohorts, leader grants, supervisor and participant profiles, document
requirements, a few assignment and person fields) is created with the ORM. The names of people are
invented.
"""

import functools
import random
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sites.models import Site
from django.db import transaction

from accounts.models import User

from ..logins import DEMO_LOGINS, DEMO_PASSWORD
from . import evaluation_results, nijmegen, nijmegen_work, organisations, pilot, pilot_documents, wisselstage
from .context import DemoContext


@functools.cache
def demo_password_hash() -> str:
    """Hashing is slow on purpose; the demo's ~100 accounts share one hash of the one demo password."""
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def build(*, today: date, seed: int = 2021) -> DemoContext:
    """Create the whole demo, all or nothing. Call on an empty database (load_demo checks)."""
    ctx = DemoContext(today=today, rng=random.Random(seed))
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"  # the links of e-mails use SITE_URL too
    Site.objects.update_or_create(pk=1, defaults={"domain": domain, "name": "Stageportaal"})
    admin = ctx.person(email=DEMO_LOGINS["admin"], name="Beheerder Portaal")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    ctx.users["admin"] = admin
    organisations.build(ctx)
    pilot.build(ctx)
    nijmegen.build(ctx)
    nijmegen_work.build(ctx)
    wisselstage.programme(ctx)
    evaluation_results.build(ctx)
    pilot_documents.build(ctx)
    wisselstage.exchanges(ctx)
    # The accounts were made without a usable password (people choose theirs from an invitation).
    User.objects.filter(pk__in=ctx.people).update(password=demo_password_hash())
    return ctx
