"""One-day exchanges between organisations (Wisselstage!): host slots, requests and reflections.

A participant is a Professional (programmes.Professional: a person of an organisation, not a student) in an
exchange programme; their organisation is the professional's, so the leaders' matrix groups by organisation
in SQL. Each organisation arranges its own part through its coordinators (programmes.ExchangeCoordinator).
A slot owns a one-day Assignment (capacity = places), so accepting a request goes through
placements.services.placement_create and its capacity and overlap rules.

The accepted visit IS a one-day Placement in the exchange programme, so the reflections afterwards are
ordinary evaluations (evaluations.EvaluationRequest on that placement, questionnaires of programme kind
'exchange'; visitor = student audience, host = supervisor audience): one place for questionnaires,
responses and results. A Placement's person is a Student row: for a professional a bare holder (no study
data, no cohort) made when their first visit is accepted; the exchanges themselves reference the professional.
The visitor's reflection is shown to the host and the host organisation's coordinator (exchanges:visit).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation
from placements.models import Assignment, Placement
from programmes.models import Professional, Programme


class ExchangeParticipant(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="exchange_participants")
    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="exchange_participations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "professional"], name="exchange_participant_once_per_person")
        ]

    def __str__(self):
        return str(self.professional)

    @property
    def organisation(self) -> Organisation:
        return self.professional.organisation

    @property
    def user(self):
        return self.professional.user


class ExchangeSlot(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="exchange_slot")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Withdrawn days stay for the record (audit, declined requests) but are no longer offered.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.assignment.title} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"


class ExchangeRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("exchange request", "Pending")  # awaiting the host
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    slot = models.ForeignKey(ExchangeSlot, on_delete=models.CASCADE, related_name="requests")
    participant = models.ForeignKey(ExchangeParticipant, on_delete=models.CASCADE, related_name="requests")
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_message = models.TextField(_("message from the host"), blank=True)
    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "participant"], name="exchange_request_once"),
            models.CheckConstraint(
                condition=Q(status="accepted", placement__isnull=False) | ~Q(status="accepted"),
                name="exchange_request_accepted_has_placement",
            ),
        ]

    def __str__(self):
        return f"{self.participant} → {self.slot}"
