"""accounts 0002 encrypts the two-factor secrets stored in the clear before it, and decrypts them going back."""

import pytest

from accounts import mfa_secrets
from tests.migrations import migrate_to

BEFORE = [("accounts", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_plain_secrets_are_encrypted_and_still_read_the_same():
    apps = migrate_to(BEFORE)
    User = apps.get_model("accounts", "User")
    Authenticator = apps.get_model("mfa", "Authenticator")
    user = User.objects.create(email="leider@example.nl", name="Leider")
    totp = Authenticator.objects.create(user=user, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    codes = Authenticator.objects.create(
        user=user, type="recovery_codes", data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]}
    )
    apps = migrate_to(None)
    Authenticator = apps.get_model("mfa", "Authenticator")
    totp_data = Authenticator.objects.get(pk=totp.pk).data
    codes_data = Authenticator.objects.get(pk=codes.pk).data
    assert "JBSWY3DPEHPK3PXP" not in str(totp_data) and "ab" * 40 not in str(codes_data)
    assert mfa_secrets.decrypt(totp_data["secret"]) == "JBSWY3DPEHPK3PXP"
    assert mfa_secrets.decrypt(codes_data["seed"]) == "ab" * 40
    assert [mfa_secrets.decrypt(code) for code in codes_data["migrated_codes"]] == ["12345678"]
    assert codes_data["used_mask"] == 0
    apps = migrate_to(BEFORE)  # and back: the secrets return as they were
    Authenticator = apps.get_model("mfa", "Authenticator")
    assert Authenticator.objects.get(pk=totp.pk).data == {"secret": "JBSWY3DPEHPK3PXP"}
    migrate_to(None)
