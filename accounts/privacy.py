"""The person's own account data, for the export and for erasure."""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

PLACEHOLDER_DOMAIN = "erased.invalid"


@personal_data_exports.register
def export(user) -> dict:
    fields = ["email", "name", "phone", "language", "date_joined", "last_login", "is_active"]
    return {"user": {name: plain_value(getattr(user, name)) for name in fields}}


@personal_data_erasures.register
def erase(user) -> None:
    user.email = f"erased-{user.public_id}@{PLACEHOLDER_DOMAIN}"
    user.name = "Erased person"
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "phone", "is_active", "password"])
    user.emailaddress_set.all().delete()
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
    _sessions_end(user)


def _sessions_end(user) -> None:
    """End the person's sessions: the rows (and their cached copies) go, every browser is signed out."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
