"""The session store: Django's database sessions, read with a prepared query (core.prepared).

Every request of a signed-in person starts by reading their session, and Django's store compiles
`Session.objects.get(session_key=..., expire_date__gt=now)` for it each time. Same table, same rule
(an expired or unknown key reads as no session), same writes; only the read is prepared.
"""

from datetime import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.prepared import PreparedQuery

_SESSION_DATA = PreparedQuery(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).values_list("session_data"),
    key=str,
    now=datetime,
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        rows = _SESSION_DATA(key=self.session_key or "", now=timezone.now())
        if not rows:
            self._session_key = None
            return None
        return Session(session_key=self.session_key, session_data=rows[0][0])
