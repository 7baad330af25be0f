"""A rotation round's workflow data: the students' ranked preferences and the matching's proposal."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placements.models import Assignment
from programmes.models import RotationRound, Student

from .reasons import reason_text


class Preference(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="preferences")
    rotation_round = models.ForeignKey(RotationRound, on_delete=models.CASCADE, related_name="preferences")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        db_table = "placements_preference"  # the name from before the move
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        ordering = ["rotation_round", "student", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["student", "rotation_round", "rank"], name="preference_unique_rank"),
            models.UniqueConstraint(
                fields=["student", "rotation_round", "assignment"], name="preference_unique_assignment"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="preference_rank_positive"),
        ]

    def __str__(self):
        return f"{self.student} #{self.rank}: {self.assignment}"


class MatchProposal(models.Model):
    """One student's line in a round's matching proposal, editable by the leader until publishing."""

    rotation_round = models.ForeignKey(RotationRound, on_delete=models.CASCADE, related_name="proposals")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="match_proposals")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="match_proposals"
    )
    rank = models.PositiveSmallIntegerField(_("rank achieved"), null=True, blank=True)
    cost = models.IntegerField(_("cost"), default=0)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    moved = models.BooleanField(_("moved by the leader"), default=False)

    class Meta:
        db_table = "placements_matchproposal"  # the name from before the move
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        ordering = ["rotation_round", "student"]
        constraints = [
            models.UniqueConstraint(fields=["rotation_round", "student"], name="proposal_unique_student"),
        ]

    def __str__(self):
        return f"{self.rotation_round}: {self.student} -> {self.assignment or '-'}"

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason)


class MatchingRun(models.Model):
    """One click on "Run matching": the background task's state and progress, and who asked for it.

    At most one run per round is queued or running at a time (the database refuses a second).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        QUEUED = "queued", _("Waiting for a free worker")
        READING = "reading", _("Reading the round")
        SOLVING = "solving", _("Computing the best matching")
        STORING = "storing", _("Saving the proposal")
        DONE = "done", _("Done")

    UNFINISHED = (State.QUEUED, State.RUNNING)
    TIME_LIMIT = 600  # seconds the worker gives one run (10k students x 2k assignments take about 2)
    SOFT_TIME_LIMIT = TIME_LIMIT - 60  # then the run is stopped and marked failed, saying so
    STALE_AFTER = timedelta(seconds=TIME_LIMIT + 60)  # unfinished for longer: its worker was lost

    rotation_round = models.ForeignKey(
        RotationRound, on_delete=models.CASCADE, related_name="matching_runs", verbose_name=_("rotation round")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rotation_round"],
                condition=Q(state__in=["queued", "running"]),
                name="matching_run_one_unfinished_per_round",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="matching_run_progress_le_100"),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]), name="matching_run_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.rotation_round}: {self.get_state_display()}"

    @classmethod
    def in_progress_q(cls) -> Q:
        """Queued or running, and not for longer than a run may take (such a run has lost its worker)."""
        since = timezone.now() - cls.STALE_AFTER
        return Q(state=cls.State.QUEUED, created_at__gte=since) | Q(state=cls.State.RUNNING, started_at__gte=since)

    @property
    def in_progress(self) -> bool:
        """in_progress_q for this run."""
        since = timezone.now() - self.STALE_AFTER
        if self.state == self.State.QUEUED:
            return self.created_at >= since
        return self.state == self.State.RUNNING and self.started_at is not None and self.started_at >= since

    @staticmethod
    def waiting_long_after() -> timedelta:
        """Queued for longer than this, a run's broker message was probably lost: the sweep hands it over again."""
        return timedelta(seconds=settings.OUTBOX_STALE_SECONDS)

    @property
    def waiting_long(self) -> bool:
        """Queued, not stalled yet, but not taken up by a worker in the usual time (the page says so)."""
        waited = timezone.now() - self.created_at
        return self.state == self.State.QUEUED and self.in_progress and waited > self.waiting_long_after()

    @property
    def stalled(self) -> bool:
        return self.state in self.UNFINISHED and not self.in_progress
