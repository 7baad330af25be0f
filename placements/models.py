"""Assignments (what a unit offers), placements (a student on an assignment for a period), their learning
goals, and programme activities with their attendance.

Rules that must never be false are constraints here (checks, uniques and, on Postgres, the exclusion
constraint against overlapping placements added in migration 0002) or triggers (an assignment's capacity on
every day, on PostgreSQL and SQLite, and on SQLite the overlap rule: placements.database, migration 0009).
The friendly messages, checked first under row locks, and supervisor load live in placements.services.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from organisations.models import Unit
from programmes.models import Level, Programme, RotationRound, Student, Supervisor


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

    def wanted_levels_display(self) -> str:
        """The wanted levels in words ("HBO, WO (university)"), for the set-up page."""
        return ", ".join(str(Level(level).label) if level in Level.values else level for level in self.wanted_levels)


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
    # Indexed by placement_assignment_id below (assignment first), not by a single-column index of its own.
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="placements", db_index=False)
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
    # Why it was ended early or cancelled, as the leader gave it (shown on the placement's page).
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
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
            # A leader's placements are those of their programmes' assignments: the scope is a range of this
            # index per assignment, the list's status filter and its count read the index alone.
            models.Index(fields=["assignment", "status"], name="placement_assignment_status"),
            # A programme's placement ids, read from the index alone (no heap visit per placement): the
            # evaluation results' scope joins requests to these, 10x faster than a scan at 100k students.
            models.Index(fields=["assignment", "id"], name="placement_assignment_id"),
            # Running on a day (start <= day <= end) or ending within a period, per assignment: the
            # dashboard's occupancy and its placements ending without a next one.
            models.Index(fields=["assignment", "end_date", "start_date"], name="placement_assignment_end"),
            # The rotation reminders: placements starting, or ending, within the coming weeks (BitmapOr).
            models.Index(fields=["start_date"], name="placement_start"),
            models.Index(fields=["end_date"], name="placement_end"),
            # The daily status job: planned placements whose start has come (a small partial index: the
            # planned rows only). Its other half, active ones past their end, reads placement_status_end.
            models.Index(fields=["start_date"], condition=Q(status="planned"), name="placement_planned_start"),
        ]

    def __str__(self):
        return f"{self.student} @ {self.assignment} ({date_format(self.start_date, 'SHORT_DATE_FORMAT')})"


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
        return f"{self.title} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"


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


class ProjectGroup(models.Model):
    """A named group of students on one group assignment (project internship), one of them its lead,
    created with the group's placements (placements.services.placement_group_create), with the slot of
    the group's final presentation (set by a leader of the programme)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="project_groups", verbose_name=_("assignment")
    )
    name = models.CharField(_("name"), max_length=200)
    presentation_date = models.DateField(_("presentation date"), null=True, blank=True)
    presentation_start_time = models.TimeField(_("start time"), null=True, blank=True)
    presentation_end_time = models.TimeField(_("end time"), null=True, blank=True)
    presentation_location = models.CharField(_("place"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project group")
        verbose_name_plural = _("project groups")
        ordering = ["assignment", "name"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "name"], name="project_group_unique_name"),
            models.CheckConstraint(
                condition=Q(presentation_start_time__isnull=True) | Q(presentation_date__isnull=False),
                name="project_group_time_needs_date",
            ),
            models.CheckConstraint(
                condition=Q(presentation_end_time__isnull=True)
                | Q(presentation_start_time__isnull=False, presentation_end_time__gt=F("presentation_start_time")),
                name="project_group_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class ProjectGroupMember(models.Model):
    """A student in a project group, through their placement on the group's assignment (at most one
    group per placement, at most one lead per group: both held by the database)."""

    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="members")
    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="project_group_membership")
    is_lead = models.BooleanField(_("lead"), default=False)

    class Meta:
        verbose_name = _("project group member")
        verbose_name_plural = _("project group members")
        constraints = [
            models.UniqueConstraint(fields=["group"], condition=Q(is_lead=True), name="project_group_one_lead"),
        ]

    def __str__(self):
        return f"{self.placement.student} – {self.group}"
