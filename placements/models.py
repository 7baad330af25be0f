"""The programme domain: programmes, cohorts, people, assignments, rounds and placements.

Rules that must never be false are constraints here (checks, uniques and, on Postgres, the exclusion
constraint against overlapping placements added in migration 0002). The friendly messages and the rules
that need a lock (capacity, supervisor load) live in placements.services.
"""

import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Unit


class Level(models.TextChoices):
    MBO3 = "mbo3", _("MBO level 3")
    MBO4 = "mbo4", _("MBO level 4")
    HBO = "hbo", _("HBO")
    WO = "wo", _("WO (university)")


class Programme(models.Model):
    class Kind(models.TextChoices):
        WORK_STUDENT = "work_student", _("Work-student pilot")
        BLOCK_INTERNSHIP = "block_internship", _("Block internship")
        PROJECT_INTERNSHIP = "project_internship", _("Project internship")
        EXCHANGE = "exchange", _("Exchange")

    class LengthUnit(models.TextChoices):
        DAYS = "days", _("days")
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("organisation")
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    rotation_length = models.PositiveSmallIntegerField(_("rotation length"), default=6)
    rotation_length_unit = models.CharField(
        _("rotation length unit"), max_length=10, choices=LengthUnit.choices, default=LengthUnit.MONTHS
    )
    funding = models.CharField(_("funding"), max_length=200, blank=True)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProgrammeLeader",
        related_name="led_programmes",
        verbose_name=_("project leaders"),
    )
    # Clockwork settings (reminders and evaluations), per programme.
    leader_reminder_weeks = models.CharField(
        _("leader reminders (weeks before a round)"),
        max_length=50,
        default="6,2",
        help_text=_("Comma-separated numbers of weeks, e.g. 6,2."),
    )
    participant_reminder_weeks = models.PositiveSmallIntegerField(
        _("student and supervisor reminder (weeks before start or end)"), default=2
    )
    evaluation_due_days = models.PositiveSmallIntegerField(_("days to complete an evaluation"), default=21)
    evaluation_days_before_end = models.PositiveSmallIntegerField(
        _("send evaluations this many days before a placement ends"),
        default=0,
        help_text=_("0 sends them on the placement's last day."),
    )
    students_see_supervisor_evaluation = models.BooleanField(
        _("students see their supervisor's evaluation"), default=False
    )
    retention_months = models.PositiveSmallIntegerField(
        _("months to keep personal data after the programme ends"), default=24
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="programme_end_after_start"),
            models.CheckConstraint(condition=Q(rotation_length__gte=1), name="programme_rotation_length_positive"),
        ]

    def __str__(self):
        return self.name

    def rotation_delta(self) -> relativedelta:
        return relativedelta(**{self.rotation_length_unit: self.rotation_length})


class ProgrammeLeader(models.Model):
    """The grant of the project-leader role for one programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="leader_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leader_grants")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project leader")
        verbose_name_plural = _("project leaders")
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="leader_once_per_programme")]

    def __str__(self):
        return f"{self.user} – {self.programme}"


class Student(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student")
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    study_programme = models.CharField(_("study programme"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    expected_graduation = models.DateField(_("expected graduation"), null=True, blank=True)
    backgrounds = models.JSONField(
        _("background tags"), default=list, blank=True, help_text=_("For example: data, law, psychology.")
    )

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["user__name"]

    def __str__(self):
        return str(self.user)


class Supervisor(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisor")
    units = models.ManyToManyField(Unit, related_name="supervisors", blank=True, verbose_name=_("units"))
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    max_students = models.PositiveSmallIntegerField(_("maximum students at once"), default=3)

    class Meta:
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")
        ordering = ["user__name"]

    def __str__(self):
        return str(self.user)


class Cohort(models.Model):
    """A lichting: the students of one programme who started together."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    students = models.ManyToManyField(Student, related_name="cohorts", blank=True, verbose_name=_("students"))

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["programme__name", "start_date"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="cohort_unique_name")]

    def __str__(self):
        return f"{self.programme.name} – {self.name}"


class Assignment(models.Model):
    """An opdracht: work offered by a unit within a programme, for a number of students at once."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    wanted_backgrounds = models.JSONField(_("wanted backgrounds"), default=list, blank=True)
    wanted_levels = models.JSONField(_("wanted levels"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity per round"), default=1)
    min_capacity = models.PositiveSmallIntegerField(_("minimum students per round"), default=0)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    default_supervisor = models.ForeignKey(
        Supervisor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="default_assignments",
        verbose_name=_("default supervisor"),
    )
    is_group = models.BooleanField(_("group assignment"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["unit__name", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="assignment_capacity_positive"),
            models.CheckConstraint(condition=Q(min_capacity__lte=F("capacity")), name="assignment_min_le_capacity"),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="assignment_available_period_valid",
            ),
        ]

    def __str__(self):
        return self.title


class RotationRound(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PREFERENCES_OPEN = "preferences_open", _("Preferences open")
        MATCHED = "matched", _("Matched")
        PUBLISHED = "published", _("Published")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="rotation_rounds")
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    preferences_deadline = models.DateField(_("preferences deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)

    class Meta:
        verbose_name = _("rotation round")
        verbose_name_plural = _("rotation rounds")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="round_end_after_start"),
            models.UniqueConstraint(fields=["cohort", "name"], name="round_unique_name_per_cohort"),
        ]

    def __str__(self):
        return f"{self.cohort} – {self.name}"


class Preference(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="preferences")
    rotation_round = models.ForeignKey(RotationRound, on_delete=models.CASCADE, related_name="preferences")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
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


class PlacementQuerySet(models.QuerySet):
    def live(self):
        """Placements that hold a place: everything but cancelled ones."""
        return self.exclude(status=Placement.Status.CANCELLED)

    def overlapping(self, start_date, end_date):
        return self.filter(start_date__lte=end_date, end_date__gte=start_date)


class Placement(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="placements")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="placements")
    rotation_round = models.ForeignKey(
        RotationRound, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    supervisor = models.ForeignKey(
        Supervisor, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="placement_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["assignment", "start_date", "end_date"], name="placement_assignment_period"),
            models.Index(fields=["student", "start_date"], name="placement_student_start"),
            models.Index(fields=["supervisor", "start_date"], name="placement_supervisor_start"),
            models.Index(fields=["status", "end_date"], name="placement_status_end"),
        ]

    def __str__(self):
        return f"{self.student} @ {self.assignment} ({self.start_date:%d-%m-%Y})"


class LearningGoal(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="learning_goals")
    description = models.CharField(_("learning goal"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")
        ordering = ["placement", "position", "id"]

    def __str__(self):
        return self.description


class Activity(models.Model):
    """A programme event such as an IBT training, intervision or a final presentation."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        INTERVISION = "intervision", _("Intervision")
        FINAL_PRESENTATION = "final_presentation", _("Final presentation")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.TRAINING)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(Student, through="Attendance", related_name="activities")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["date", "start_time"]

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"


class Attendance(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["activity", "student"], name="attendance_once")]

    def __str__(self):
        return f"{self.student} – {self.activity}"


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
        from .reasons import reason_text

        return reason_text(self.reason)
