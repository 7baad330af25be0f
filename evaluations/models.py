"""Evaluations: versioned questionnaires owned by a programme or an organisation, the evaluation moments of
a programme (mid-term, final, ...), one request per placement, moment and respondent, final responses.

A QuestionnaireVersion is immutable once a request points at it (services create a new version when
questions change); a submitted Response is final (services refuse to change it and the DB forbids an
answer outside the scale).
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation
from placements.models import LearningGoal, Placement
from programmes.goal_scales import GoalScale, level_on_scale, levels_of
from programmes.models import Programme


class Audience(models.TextChoices):
    STUDENT = "student", _("Student")
    SUPERVISOR = "supervisor", _("Supervisor")
    SCHOOL_SUPERVISOR = "school_supervisor", _("School supervisor")


# The respondents who assess the placement's learning goals (the school supervisor answers the questions only).
GOAL_AUDIENCES = (Audience.STUDENT, Audience.SUPERVISOR)


class Questionnaire(models.Model):
    """Owned by one programme, or by an organisation for all its programmes: only their leaders (and
    administrators) see and edit it, and only those programmes' moments may use it (evaluations/access.py)."""

    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["audience", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__isnull=False, organisation__isnull=True)
                | Q(programme__isnull=True, organisation__isnull=False),
                name="questionnaire_one_owner",
                violation_error_message=_("Choose either a programme or an organisation as owner."),
            ),
        ]

    def __str__(self):
        return self.name


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "-number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_once")]

    def __str__(self):
        return f"{self.questionnaire} v{self.number}"


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Likert scale 1-5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True, help_text=_("For choice questions."))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position", "id"]

    def __str__(self):
        return self.text


class EvaluationMoment(models.Model):
    """A point in every placement of the programme at which its respondents are asked: the day at
    `placement_share` percent of the placement (0 = its first day, 50 = half-way, 100 = its last day)
    plus `offset_days` (negative: earlier). Mid-term: 50 and 0; final: 100 and 0; a reflection the day
    after a one-day exchange: 100 and 1."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="evaluation_moments", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=100)
    placement_share = models.PositiveSmallIntegerField(
        _("moment in the placement (%)"),
        default=100,
        help_text=_("0 is the placement's first day, 50 half-way, 100 its last day."),
    )
    offset_days = models.SmallIntegerField(
        _("days later"), default=0, help_text=_("Negative for earlier, e.g. -14 for two weeks before.")
    )
    due_days = models.PositiveSmallIntegerField(_("days to complete"), default=21)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    questionnaires = models.ManyToManyField(Questionnaire, through="MomentQuestionnaire", related_name="moments")

    class Meta:
        verbose_name = _("evaluation moment")
        verbose_name_plural = _("evaluation moments")
        ordering = ["programme", "position", "placement_share", "offset_days", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="evaluation_moment_name_once"),
            models.CheckConstraint(condition=Q(placement_share__lte=100), name="evaluation_moment_share_percent"),
            models.CheckConstraint(
                condition=Q(offset_days__gte=-366, offset_days__lte=366), name="evaluation_moment_offset_in_year"
            ),
            models.CheckConstraint(
                condition=Q(due_days__gte=1, due_days__lte=366), name="evaluation_moment_due_days_range"
            ),
        ]

    def __str__(self):
        return self.name

    def day_in(self, start: date, end: date) -> date:
        """The moment's day in a placement from `start` to `end`."""
        return moment_day(start, end, share=self.placement_share, offset_days=self.offset_days)


def moment_day(start: date, end: date, *, share: int, offset_days: int) -> date:
    return start + timedelta(days=(end - start).days * share // 100 + offset_days)


class MomentQuestionnaire(models.Model):
    """The questionnaire a moment asks one respondent role to fill in."""

    moment = models.ForeignKey(EvaluationMoment, on_delete=models.CASCADE, related_name="questionnaire_links")
    audience = models.CharField(_("respondent role"), max_length=20, choices=Audience.choices)
    # RESTRICT: a questionnaire in use stays, unless its moment goes with it (a programme deleted).
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.RESTRICT, related_name="moment_links")

    class Meta:
        verbose_name = _("questionnaire of a moment")
        verbose_name_plural = _("questionnaires of moments")
        constraints = [models.UniqueConstraint(fields=["moment", "audience"], name="moment_questionnaire_once")]

    def __str__(self):
        return f"{self.moment} – {self.get_audience_display()}: {self.questionnaire}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class EvaluationRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("evaluation request", "Pending")  # to be filled in, not queued
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Expired")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluation_requests")
    # RESTRICT: a moment that asked someone stays (its results hang on it), unless its programme goes.
    moment = models.ForeignKey(
        EvaluationMoment, on_delete=models.RESTRICT, related_name="requests", verbose_name=_("evaluation moment")
    )
    audience = models.CharField(_("respondent role"), max_length=20, choices=Audience.choices)
    # Null once the respondent's personal data is erased: the answers stay for the aggregates, unlinked.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation_requests",
    )
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="requests")
    sent_on = models.DateField(_("sent on"))
    due_date = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation request")
        verbose_name_plural = _("evaluation requests")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "moment", "audience"], name="evaluation_request_once"),
            models.CheckConstraint(condition=Q(due_date__gte=models.F("sent_on")), name="evaluation_due_after_sent"),
            models.CheckConstraint(
                condition=~Q(state="submitted") | Q(submitted_at__isnull=False), name="evaluation_submitted_has_time"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_date"], name="evaluation_state_due")]

    def __str__(self):
        return f"{self.get_audience_display()}: {self.placement}"


class Response(models.Model):
    request = models.OneToOneField(EvaluationRequest, on_delete=models.CASCADE, related_name="response")
    is_final = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.request}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5), name="answer_value_on_scale"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.value or self.text or self.choices}"


class GoalAssessment(models.Model):
    """One respondent's level for one learning goal of the placement: the supervisor's judgement or the
    student's self-assessment (the request's audience says whose), on the scale the programme had then."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="goal_assessments")
    # RESTRICT: an assessed goal cannot be deleted on its own (the service says so); deleting its placement,
    # which takes the evaluation and so the assessment with it, still may.
    learning_goal = models.ForeignKey(LearningGoal, on_delete=models.RESTRICT, related_name="assessments")
    scale = models.CharField(_("scale"), max_length=20, choices=GoalScale.choices)
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        verbose_name = _("learning goal assessment")
        verbose_name_plural = _("learning goal assessments")
        constraints = [
            models.UniqueConstraint(fields=["response", "learning_goal"], name="goal_assessed_once"),
            models.CheckConstraint(condition=level_on_scale(), name="goal_assessment_level_on_scale"),
        ]

    def __str__(self):
        return f"{self.learning_goal}: {self.level_label}"

    @property
    def level_label(self) -> str:
        return levels_of(self.scale).label(self.level)


class CohortReport(models.Model):
    cohort = models.OneToOneField("programmes.Cohort", on_delete=models.CASCADE, related_name="evaluation_report")
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.cohort)
