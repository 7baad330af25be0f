"""Encrypt the TOTP secrets and recovery-code seeds that were stored in the clear (accounts.mfa_secrets)."""

from django.db import migrations

from accounts import mfa_secrets as secrets

FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}


def _convert(apps, schema_editor, *, forward: bool):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=FIELDS).iterator():
        data, changed = dict(authenticator.data), False
        for key in FIELDS[authenticator.type]:
            value = data.get(key)
            if isinstance(value, str) and secrets.is_encrypted(value) != forward:
                data[key] = secrets.encrypt(value) if forward else secrets.decrypt(value)
                changed = True
        codes = data.get("migrated_codes")
        if isinstance(codes, list):
            converted = [
                (secrets.encrypt(code) if forward else secrets.decrypt(code))
                if secrets.is_encrypted(code) != forward
                else code
                for code in codes
            ]
            changed = changed or converted != codes
            data["migrated_codes"] = converted
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    _convert(apps, schema_editor, forward=True)


def decrypt(apps, schema_editor):
    _convert(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("mfa", "0003_authenticator_type_uniq")]

    operations = [migrations.RunPython(encrypt, decrypt)]
