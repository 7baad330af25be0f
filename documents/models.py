"""Required documents per programme (screening, VOG, placement agreement) and each student's copy."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme, Student


class DocumentRequirement(models.Model):
    class Kind(models.TextChoices):
        SCREENING = "screening", _("Security screening")
        VOG = "vog", _("Certificate of conduct (VOG)")
        AGREEMENT = "agreement", _("Placement agreement")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="document_requirements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # Organisation kinds (organisations.Organisation.Kind values) where this applies; empty means everywhere.
    organisation_kinds = models.JSONField(_("applies to organisation kinds"), default=list, blank=True)
    validity_days = models.PositiveIntegerField(_("valid for (days)"), null=True, blank=True)
    # The programme's setting for internship agreements (praktijkovereenkomst): drawn up from the placement
    # and agreed in the portal by student, training company and school (the agreements app), which then
    # stores the agreed copy here as the student's approved document.
    agreed_in_portal = models.BooleanField(
        _("drawn up and agreed in the portal"),
        default=False,
        help_text=_(
            "Only for a placement agreement: the portal draws it up from the placement and the parties agree in it."
        ),
    )

    class Meta:
        verbose_name = _("document requirement")
        verbose_name_plural = _("document requirements")
        ordering = ["programme__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="document_requirement_unique_name"),
            models.CheckConstraint(
                condition=Q(agreed_in_portal=False) | Q(kind="agreement"), name="document_requirement_portal_agreement"
            ),
        ]

    def __str__(self):
        return f"{self.programme.name} – {self.name}"

    def applies_to(self, organisation_kind: str) -> bool:
        return not self.organisation_kinds or organisation_kind in self.organisation_kinds


def _document_path(instance, filename):
    # A random name: never the uploader's file name, never guessable.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{uuid.uuid4().hex}.{extension}"


class StudentDocument(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RECEIVED = "received", _("Received")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(DocumentRequirement, on_delete=models.CASCADE, related_name="student_documents")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=_document_path, blank=True)
    content_type = models.CharField(max_length=50, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("student document")
        verbose_name_plural = _("student documents")
        ordering = ["student", "requirement"]
        constraints = [
            models.UniqueConstraint(fields=["student", "requirement"], name="student_document_once"),
        ]

    def __str__(self):
        return f"{self.student} – {self.requirement.name}"
