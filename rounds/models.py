"""A rotation round's workflow data: the students' ranked preferences and the matching's proposal."""

from django.db import models
from django.db.models import Q
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
