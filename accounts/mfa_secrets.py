"""Encryption at rest of the two-factor secrets (TOTP keys, recovery-code seeds) that allauth keeps in the
database: Fernet (AES-128-CBC with an HMAC), keyed from the environment, so a copy of the database (a
backup, a dump handed to a developer) does not let anyone generate a leader's codes.

MFA_ENCRYPTION_KEYS: one or more Fernet keys, comma-separated, the newest first (MultiFernet: a secret is
written with the first key and read with any, so a key can be rotated). Unset, one key is derived from
SECRET_KEY; production sets its own (README, "Security").
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"  # marks an encrypted value, so the data migration knows what is still plain


def _fernet() -> MultiFernet:
    keys = list(settings.MFA_ENCRYPTION_KEYS)
    if not keys:
        digest = hashlib.sha256(b"portal.mfa-encryption:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest)]
    return MultiFernet([Fernet(key) for key in keys])


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(value: str) -> str:
    """The plain secret. A value that is not encrypted is refused: every secret was encrypted by the data
    migration accounts 0002, and a plain one now can only have been written around the adapter."""
    if not is_encrypted(value):
        raise ValueError("A two-factor secret is stored unencrypted.")
    try:
        return _fernet().decrypt(value.removeprefix(PREFIX).encode("ascii")).decode()
    except InvalidToken as exc:
        raise ValueError("A two-factor secret cannot be decrypted with MFA_ENCRYPTION_KEYS.") from exc
