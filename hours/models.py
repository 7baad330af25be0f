"""Hours worked and absence per ISO week on a placement, submitted by the student and approved (or
returned with a comment) by the placement's workplace supervisor.

One row per placement and week (the week's Monday); the bounds of a week's hours are checks in the
database. Which weeks may be recorded (inside the placement's period, not in the future) and who may
do what are rules of hours.services.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from placements.models import Placement

MAX_WEEK_HOURS = 60  # the Working Hours Act's maximum in one week


class HoursWeek(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="hours_weeks")
    week_start = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    hours_worked = models.DecimalField(_("hours worked"), max_digits=4, decimal_places=1)
    absence_hours = models.DecimalField(_("hours absent"), max_digits=4, decimal_places=1, default=0)
    note = models.TextField(_("note"), blank=True, help_text=_("For example the reason of an absence."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours_weeks_reviewed",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("week of hours")
        verbose_name_plural = _("weeks of hours")
        ordering = ["placement", "week_start"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "week_start"], name="hours_week_once_per_placement"),
            models.CheckConstraint(
                condition=Q(hours_worked__gte=0, hours_worked__lte=MAX_WEEK_HOURS), name="hours_week_worked_bounds"
            ),
            models.CheckConstraint(
                condition=Q(absence_hours__gte=0, absence_hours__lte=MAX_WEEK_HOURS), name="hours_week_absence_bounds"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]), name="hours_week_status_known"
            ),
        ]
        indexes = [
            # The late-week job asks which of the weeks just past were submitted, per week.
            models.Index(fields=["week_start", "status"], name="hours_week_start_status"),
        ]

    def __str__(self):
        year, week, _day = self.week_start.isocalendar()
        return f"{self.placement.student} – {year}-W{week:02d}"

    @property
    def week_end(self):
        return self.week_start + timedelta(days=6)

    @property
    def iso_week(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"
