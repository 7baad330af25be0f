from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def first_retry_at():
    """When the sweep looks at a new row if no worker has sent it by then (its broker message was lost)."""
    return timezone.now() + timedelta(seconds=settings.OUTBOX_STALE_SECONDS)


class Notification(models.Model):
    """One e-mail to one person for one reason. Unique per (kind, object, recipient, window).

    The row is inserted in the same transaction as the decision to send, so a job that runs twice, or a
    task that is redelivered after a worker died, finds the row and sends nothing new. The row is the
    outbox: a worker claims it (sending, committed) before the mail leaves, and `retry_at` says when the
    sweep hands it to a worker again if it is still not sent by then (lost broker message, lost worker,
    mail server error).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    object_key = models.CharField(_("object"), max_length=100, help_text="e.g. placement:42")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    window = models.CharField(_("window"), max_length=60, help_text="e.g. 6w-before-2027-02-01")
    student = models.ForeignKey(
        "programmes.Student",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text="The student this message is about, so leaders can list the messages per student.",
    )
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last took it to send.")
    retry_at = models.DateTimeField(
        default=first_retry_at, help_text="When the sweep hands it to a worker again, if it is not sent by then."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            # Kind and window first: a daily job asks which of its windows' messages exist already (and which
            # are still pending) as a range of this index, however many messages earlier days left.
            models.UniqueConstraint(
                fields=["kind", "window", "object_key", "recipient"], name="notification_once_per_window"
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notification_status_created"),
            # The sweep: pending or sending rows whose retry_at has passed, a range per status.
            models.Index(fields=["status", "retry_at"], name="notification_status_retry"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.window})"
