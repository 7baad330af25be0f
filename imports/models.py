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
    preview = models.JSONField(_("preview"), default=list, blank=True)
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
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.INVALID)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
