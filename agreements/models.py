"""The internship agreement (praktijkovereenkomst) of a placement: drawn up from the placement, agreed in
the portal by its parties, then stored as the student's agreement document (documents.StudentDocument),
which the activation gate (documents.services.documents_blockers) checks.

An agreement has a version: drawing it up again after the placement changed makes a new version, and
only acceptances of the current version count.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.models import StudentDocument
from placements.models import Placement


class Party(models.TextChoices):
    """Who agrees. The school party is accepted by a leader of the programme on the school's behalf (a
    school supervisor may act for it once that role exists: agreements.access.parties_of)."""

    STUDENT = "student", _("Student")
    TRAINING_COMPANY = "training_company", _("Training company (workplace supervisor)")
    SCHOOL = "school", _("School (on its behalf: the programme)")


class Agreement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="agreement")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # What the agreement says (student, school, training company, period, hours, supervisors) as drawn up;
    # the PDF is made from these terms, and a placement whose terms differ now needs a new version.
    terms = models.JSONField(_("terms"))
    generated_at = models.DateTimeField(_("drawn up at"))
    completed_at = models.DateTimeField(_("agreed by all at"), null=True, blank=True)
    document = models.ForeignKey(
        StudentDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("internship agreement")
        verbose_name_plural = _("internship agreements")
        constraints = [models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_positive")]

    def __str__(self):
        return f"{self.placement} (v{self.version})"


class AgreementAcceptance(models.Model):
    """One party's acceptance of one version of the agreement: who, when (also in the audit trail)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="acceptances")
    version = models.PositiveSmallIntegerField(_("version"))
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="agreement_acceptances"
    )
    name = models.CharField(_("name"), max_length=200)  # as printed on the agreement
    accepted_at = models.DateTimeField(_("accepted at"))

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["agreement", "version", "accepted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version", "party"], name="agreement_accepted_once"),
            models.CheckConstraint(condition=Q(party__in=Party.values), name="agreement_party_known"),
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.name}"
