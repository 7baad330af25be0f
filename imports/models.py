"""An import of students, units or assignments: its file, what checking found, and how far applying is."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme


def _import_path(instance, filename):
    # A random name under MEDIA_ROOT (var/private), which no URL serves; the leader's file name is kept apart.
    return f"imports/{instance.public_id}.{instance.file_format}"


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        STUDENTS = "students", _("Students")
        UNITS = "units", _("Units")
        ASSIGNMENTS = "assignments", _("Assignments")

    class State(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        INVALID = "invalid", _("Has errors")
        VALID = "valid", _("Ready to import")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed, nothing imported")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("programme")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_import_path, blank=True)
    file_format = models.CharField(_("format"), max_length=4)
    original_name = models.CharField(_("file name"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows imported"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    invite = models.BooleanField(
        _("invite"), default=False, help_text=_("E-mail each imported student an invitation to choose a password.")
    )
    # Rows as lists in the kind's preview_columns order: a JSON object's keys lose their order in jsonb.
    preview = models.JSONField(_("preview"), default=list, blank=True)
    cohort = models.ForeignKey(
        "programmes.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cohort"),
        help_text=_("The cohort of students whose row names none."),
    )
    language = models.CharField(_("language"), max_length=5, blank=True)  # of the messages the check writes
    # The file's columns as checked: [{"name": header as written, "field": field, "" ignored, None unknown}].
    columns = models.JSONField(_("columns"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)  # {compact header: field or ""}
    checked = models.PositiveIntegerField(_("rows checked"), default=0)
    # The last sign of life of the check or of a queued job; a running apply beats in the cache (its
    # transaction hides its writes). Stale: the sweep queues the job again.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(done__lte=F("total")), name="import_done_le_total")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def unknown_columns(self) -> bool:
        return any(column["field"] is None for column in self.columns) and bool(self.file)

    @property
    def working(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.QUEUED, self.State.RUNNING)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.INVALID)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class ColumnMapping(models.Model):
    """How a leader mapped the columns of a file, remembered for the next file with the same columns."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="import_mappings", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportJob.Kind.choices)
    headers_key = models.CharField(_("columns"), max_length=64)  # sha256 of the file's sorted compact headers
    mapping = models.JSONField(_("column mapping"), default=dict)  # {compact header: field or "" (ignored)}
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "headers_key"], name="import_mapping_unique")
        ]

    def __str__(self):
        return f"{self.programme}: {self.get_kind_display()}"
