"""System checks of the two-factor secrets' keys (accounts.mfa_secrets): a broken key is found by
`manage.py check` at deploy time, not by the first leader who signs in."""

import binascii

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def mfa_encryption_keys_valid(app_configs, **kwargs):
    errors = []
    for number, key in enumerate(settings.MFA_ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error):
            errors.append(
                Error(
                    f"MFA_ENCRYPTION_KEYS: key {number} is no Fernet key (32 url-safe base64-encoded bytes).",
                    hint="Make one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'",
                    id="accounts.E001",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def mfa_encryption_keys_set(app_configs, **kwargs):
    if settings.MFA_ENCRYPTION_KEYS:
        return []
    return [
        Warning(
            "MFA_ENCRYPTION_KEYS is not set: the TOTP secrets are encrypted with a key derived from SECRET_KEY.",
            hint="Set a key of its own, kept apart from the database and its backups (README, Security).",
            id="accounts.W001",
        )
    ]
