"""Personal data: export for the person, erasure on request, anonymisation after the retention period."""

from datetime import date
from functools import partial
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_log
from core.hooks import personal_data_erasures, personal_data_exports
from core.spreadsheets import cell_text, csv_text


def personal_data_export(*, user) -> dict:
    """Everything the apps hold about `user`, one section per app (each app's registered export)."""
    data = {}
    for export in personal_data_exports:
        data.update(export(user))
    return data


def _personal_data_rows(data: dict):
    for section, content in data.items():
        items = content if isinstance(content, list) else [content]
        for index, item in enumerate(items, start=1):
            fields = item.items() if isinstance(item, dict) else [("value", item)]
            for field, value in fields:
                yield [section, index, field, "" if value is None else cell_text(str(value))]


def personal_data_csv(*, data: dict) -> str:
    """The export flattened to rows of (section, item, field, value), in the exports' one convention
    (core.spreadsheets). Sections and fields keep the names of the JSON export, so the two read alike."""
    return csv_text([_("Section"), _("Item"), _("Field"), _("Value")], _personal_data_rows(data))


def _scrub_audit_entries(*, user, secrets: list[str]) -> None:
    """Remove the person's name and e-mail from earlier audit entries that mention them."""
    secrets = [s for s in secrets if s]
    if not secrets:
        return
    query = Q()
    for secret in secrets:
        query |= Q(object_repr__icontains=secret) | Q(changes__icontains=secret)
    for entry in AuditEntry.objects.filter(query).iterator():
        entry.object_repr = _redact(entry.object_repr, secrets)
        entry.changes = _redact_json(entry.changes, secrets)
        entry.save(update_fields=["object_repr", "changes"])


def _scrub_import_jobs(*, secrets: list[str]) -> None:
    """Imports kept the rows they checked (the preview, the errors) and possibly the file: where the person
    is named, the rows are redacted and the file goes."""
    from imports.models import ImportJob

    secrets = [s for s in secrets if s]
    query = Q()
    for secret in secrets:
        query |= Q(preview__icontains=secret) | Q(errors__icontains=secret)
    for job in ImportJob.objects.filter(query).iterator() if secrets else []:
        job.preview = _redact_json(job.preview, secrets)
        job.errors = _redact_json(job.errors, secrets)
        job.save(update_fields=["preview", "errors"])
        if job.file:
            transaction.on_commit(partial(job.file.storage.delete, job.file.name))
            ImportJob.objects.filter(pk=job.pk).update(file="")


def _scrub_mail_folder(*, secrets: list[str]) -> None:
    """The file mailbox (EMAIL_FILE_PATH, where no mail server is set: the demo's var/mail) keeps a copy of
    every message sent; the person's name, address and phone are redacted in it. After the commit only."""
    folder = getattr(settings, "EMAIL_FILE_PATH", None)
    if not folder or "filebased" not in settings.EMAIL_BACKEND or not Path(folder).is_dir():
        return
    needles = [secret.encode() for secret in secrets if secret]
    for path in Path(folder).iterdir():
        if not path.is_file():
            continue
        content = path.read_bytes()
        redacted = content
        for needle in needles:
            redacted = redacted.replace(needle, b"[erased]")
        if redacted != content:
            path.write_bytes(redacted)


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "[erased]")
    return text


def _redact_json(value, secrets):
    if isinstance(value, str):
        return _redact(value, secrets)
    if isinstance(value, list):
        return [_redact_json(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _redact_json(v, secrets) for k, v in value.items()}
    return value


def person_erase(*, user, actor, action: str = "person.erased") -> None:
    """Anonymise `user` across all apps (each app's registered erasure) and record that it happened.

    Rows that carry aggregates (placements, preferences, responses) stay, linked to the anonymised user.
    The audit entry holds no personal data. All in one transaction.
    """
    with transaction.atomic():
        secrets = [user.name, user.email, user.phone]
        for erase in personal_data_erasures:
            erase(user)
        _scrub_audit_entries(user=user, secrets=secrets)
        _scrub_import_jobs(secrets=secrets)
        transaction.on_commit(partial(_scrub_mail_folder, secrets=secrets))
        audit_log(actor=actor, action=action, instance=user, changes={})
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)).update(
            object_repr=f"user {user.public_id}"
        )


def users_past_retention(*, today: date):
    """Active people whose every programme ended more than its retention_months ago."""
    from accounts.models import User
    from programmes.models import Programme

    expired, live = set(), set()
    rows = Programme.objects.values_list("pk", "end_date", "retention_months")
    for pk, end_date, months in rows:
        target = expired if end_date + relativedelta(months=months) < today else live
        target.add(pk)

    # A person belongs to a programme through a cohort (students), a placement (supervisors) or a grant.
    def members(programme_ids):
        return (
            Q(student__cohorts__programme__in=programme_ids)
            | Q(supervisor__placements__assignment__programme__in=programme_ids)
            | Q(leader_grants__programme__in=programme_ids)
        )

    still_needed = User.objects.filter(members(live)).values("pk")
    return User.objects.filter(
        pk__in=User.objects.filter(members(expired)).values("pk"), is_active=True, is_superuser=False, is_staff=False
    ).exclude(pk__in=still_needed)


def retention_anonymise(*, today: date) -> int:
    """Anonymise everyone past retention; returns how many. Safe to run twice (they become inactive)."""
    count = 0
    for user in users_past_retention(today=today):
        person_erase(user=user, actor=None, action="person.anonymised")
        count += 1
    return count
