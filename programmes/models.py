"""Programmes and the people in them: programmes and their leaders, cohorts and their rotation rounds,
students and supervisors.

The rounds' workflow (preferences, matching, publishing) is the rounds app; placements are the placements
app. These models lived in placements until the apps were layered; their tables keep their old names.
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Unit

from .goal_scales import GoalScale


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
    schools = models.ManyToManyField(
        Organisation,
        through="ProgrammeSchool",
        related_name="school_programmes",
        blank=True,
        verbose_name=_("participating schools"),
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
    goal_scale = models.CharField(
        _("learning goal scale"), max_length=20, choices=GoalScale.choices, default=GoalScale.SUFFICIENT
    )
    required_hours = models.PositiveIntegerField(
        _("required hours"),
        null=True,
        blank=True,
        help_text=_("Hours a student must complete per placement, e.g. the BPV hours of an MBO block internship."),
    )

    class Meta:
        db_table = "placements_programme"  # the name from before the move
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="programme_end_after_start"),
            models.CheckConstraint(condition=Q(rotation_length__gte=1), name="programme_rotation_length_positive"),
            models.CheckConstraint(condition=Q(goal_scale__in=GoalScale.values), name="programme_goal_scale_known"),
        ]

    def __str__(self):
        return self.name

    def rotation_delta(self) -> relativedelta:
        return relativedelta(**{self.rotation_length_unit: self.rotation_length})


class ProgrammeGoal(models.Model):
    """A standard learning goal of the programme, which leaders copy onto placements."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="standard_goals")
    description = models.CharField(_("learning goal"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("standard learning goal")
        verbose_name_plural = _("standard learning goals")
        ordering = ["programme", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "description"], name="programme_goal_once"),
        ]

    def __str__(self):
        return self.description


class ProgrammeLeader(models.Model):
    """The grant of the project-leader role for one programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="leader_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leader_grants")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "placements_programmeleader"  # the name from before the move
        verbose_name = _("project leader")
        verbose_name_plural = _("project leaders")
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="leader_once_per_programme")]

    def __str__(self):
        return f"{self.user} – {self.programme}"


class Student(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student")
    # A school organisation (ROC, Helicon, a university); services check the kind, forms offer the schools
    # of the student's programmes (ProgrammeSchool).
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="school_students",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
        verbose_name=_("school"),
    )
    # The docent-stagebegeleider who follows the student (a person of the student's school, see services).
    school_supervisor = models.ForeignKey(
        "SchoolSupervisor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("school supervisor"),
    )
    study_programme = models.CharField(_("study programme"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    expected_graduation = models.DateField(_("expected graduation"), null=True, blank=True)
    backgrounds = models.JSONField(
        _("background tags"), default=list, blank=True, help_text=_("For example: data, law, psychology.")
    )

    class Meta:
        db_table = "placements_student"  # the name from before the move
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["user__name"]

    def __str__(self):
        return str(self.user)

    @property
    def school_name(self) -> str:
        """The school's name, "" when unknown (read `school` along: select_related)."""
        return self.school.name if self.school_id else ""


class Supervisor(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisor")
    units = models.ManyToManyField(Unit, related_name="supervisors", blank=True, verbose_name=_("units"))
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    max_students = models.PositiveSmallIntegerField(_("maximum students at once"), default=3)

    class Meta:
        db_table = "placements_supervisor"  # the name from before the move
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")
        ordering = ["user__name"]

    def __str__(self):
        return str(self.user)


class ProgrammeSchool(models.Model):
    """A school taking part in a programme: its students may join, its school supervisors follow them."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="school_links")
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_links",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
        verbose_name=_("school"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participating school")
        verbose_name_plural = _("participating schools")
        ordering = ["school__name"]
        constraints = [models.UniqueConstraint(fields=["programme", "school"], name="programme_school_once")]

    def __str__(self):
        return f"{self.school} – {self.programme}"


class SchoolSupervisor(models.Model):
    """A docent-stagebegeleider: a person of one school who follows its students in the programmes the
    school takes part in, and fills the school's evaluations."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_supervisor")
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="school_supervisors",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
        verbose_name=_("school"),
    )

    class Meta:
        verbose_name = _("school supervisor")
        verbose_name_plural = _("school supervisors")
        ordering = ["user__name"]

    def __str__(self):
        return f"{self.user} ({self.school})"


class SbbAdviser(models.Model):
    """An SBB adviser (adviseur praktijkleren): sees the training-company data and a placement summary of
    the programmes they advise, nothing personal beyond names."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sbb_adviser")
    programmes = models.ManyToManyField(
        Programme, related_name="sbb_advisers", blank=True, verbose_name=_("programmes")
    )

    class Meta:
        verbose_name = _("SBB adviser")
        verbose_name_plural = _("SBB advisers")
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
        db_table = "placements_cohort"  # the name from before the move
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["programme__name", "start_date"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="cohort_unique_name")]

    def __str__(self):
        return f"{self.programme.name} – {self.name}"


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
        db_table = "placements_rotationround"  # the name from before the move
        verbose_name = _("rotation round")
        verbose_name_plural = _("rotation rounds")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="round_end_after_start"),
            models.UniqueConstraint(fields=["cohort", "name"], name="round_unique_name_per_cohort"),
        ]

    def __str__(self):
        return f"{self.cohort} – {self.name}"

    def clean(self):
        """The overlap rule for every model form (the admin's included); rounds.services asks the same."""
        super().clean()
        if not (self.cohort_id and self.start_date and self.end_date):
            return  # the field errors are shown already
        clash = rotation_round_overlapping(
            cohort_id=self.cohort_id, start_date=self.start_date, end_date=self.end_date, exclude_id=self.pk
        )
        if clash:
            raise ValidationError(rotation_round_overlap_message(clash))


def rotation_round_overlapping(*, cohort_id: int, start_date, end_date, exclude_id=None) -> RotationRound | None:
    """A round of the cohort whose period (both days included) overlaps start_date..end_date, if any: a
    cohort's rounds follow each other. Migration 0008 holds the rule in the database as well."""
    return (
        RotationRound.objects.filter(cohort_id=cohort_id, start_date__lte=end_date, end_date__gte=start_date)
        .exclude(pk=exclude_id)
        .order_by("start_date")
        .first()
    )


def rotation_round_overlap_message(clash: RotationRound) -> str:
    return _("The round overlaps round %(name)s of this cohort (%(start)s to %(end)s).") % {
        "name": clash.name,
        "start": date_format(clash.start_date),
        "end": date_format(clash.end_date),
    }


class Professional(models.Model):
    """A person of an organisation (a partner organisation, a municipality, a police unit) who takes part in
    exchange programmes: no school, no study, no cohort. The exchanges reference this, not a Student.

    (An accepted exchange day is still a one-day Placement, whose person is a Student row: for a professional
    that row is a bare holder with no study data and no cohort, made when their first visit is accepted.)"""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="professionals", verbose_name=_("organisation")
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = ["user__name"]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class ExchangeCoordinator(models.Model):
    """The grant of the coordinator role: the person coordinates the organisation's part in an exchange
    programme (its hosts, units, days on offer and the requests to them)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="coordinator_grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="coordinator_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_grants")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange coordinator")
        verbose_name_plural = _("exchange coordinators")
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation", "user"], name="coordinator_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.programme})"
