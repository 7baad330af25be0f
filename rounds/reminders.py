"""Rotation reminders: which are due today, and queue each once.

"Due" means the reminder day has arrived and the event has not passed yet, so a job that missed a day
catches up the next. The window key names the event date ("6w-before-2027-02-01"), and the unique
Notification row makes a second run (or a redelivered task) send nothing new. The number of queries is
fixed per run: bulk selects, and the due messages inserted in bulk (notifications_queue).

A run reads only what can be due: the rounds starting within the longest leader reminder period, the
placements starting or ending within the longest participant one (the indexes placement_start and
placement_end), and the messages already queued for those windows (the unique index leads with kind and
window). Its cost follows the events of the coming weeks, not the size of the tables.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse

from notifications.models import Notification
from notifications.services import Draft, notifications_queue
from placements.models import Placement
from programmes.models import Cohort, Programme, ProgrammeLeader, RotationRound

from .models import Preference

LEADER_KIND = "rotation_round.leader_reminder"
START_KIND = "placement.start_reminder"
END_KIND = "placement.end_reminder"
OBJECT_PREFIX = "placement:"  # a participant reminder's object: the placement (rounds.messages reads it)
OPEN_ROUND_STATES = [
    RotationRound.State.DRAFT,
    RotationRound.State.PREFERENCES_OPEN,
    RotationRound.State.MATCHED,
    RotationRound.State.PUBLISHED,
]


@dataclass
class ReminderCounts:
    leader: int = 0
    participant: int = 0

    @property
    def total(self) -> int:
        return self.leader + self.participant


def leader_weeks(programme: Programme) -> list[int]:
    """The programme's leader reminder weeks, largest first; unreadable entries are ignored."""
    weeks = {
        int(part)
        for part in programme.leader_reminder_weeks.split(",")
        if part.strip().isascii() and part.strip().isdigit()
    }
    return sorted((w for w in weeks if w > 0), reverse=True)


def due_window(*, event: date, weeks: list[int], today: date) -> str | None:
    """The latest reminder that has come due before `event`, or None (not yet due, or event passed)."""
    if event < today:
        return None
    due = [w for w in weeks if event - timedelta(weeks=w) <= today]
    return f"{min(due)}w-before-{event.isoformat()}" if due else None


def _already_sent(kinds: list[str], windows: set[str]) -> set[tuple]:
    """The messages of these kinds queued before in these windows: a range of the unique index
    (kind, window, ...), as many rows as were due, whatever the history the table holds."""
    if not windows:
        return set()
    rows = Notification.objects.filter(kind__in=kinds, window__in=windows)
    return set(rows.order_by().values_list("kind", "object_key", "recipient_id", "window"))


# What the job reads of each programme: its reminder settings.
REMINDER_SETTINGS = ("pk", "leader_reminder_weeks", "participant_reminder_weeks")


def rotation_reminders_send(*, today: date) -> ReminderCounts:
    """Queue every reminder due on `today` that was not queued before. Returns how many were queued."""
    with transaction.atomic():
        programmes = {p.pk: p for p in Programme.objects.only(*REMINDER_SETTINGS).order_by()}
        return ReminderCounts(
            leader=leader_reminders_queue(today=today, programmes=programmes),
            participant=participant_reminders_queue(today=today, programmes=programmes),
        )


def leader_reminders_queue(*, today: date, programmes: dict[int, Programme]) -> int:
    """Remind each leader of a round N weeks before it starts, listing who is unplaced or has not ranked."""
    horizon = max((max(leader_weeks(p), default=0) for p in programmes.values()), default=0)
    rounds = list(
        RotationRound.objects.filter(
            state__in=OPEN_ROUND_STATES, start_date__gte=today, start_date__lte=today + timedelta(weeks=horizon)
        ).select_related("cohort__programme")
    )
    due = {}
    for rnd in rounds:
        window = due_window(event=rnd.start_date, weeks=leader_weeks(programmes[rnd.cohort.programme_id]), today=today)
        if window:
            due[rnd.pk] = (rnd, window)
    if not due:
        return 0
    sent = _already_sent([LEADER_KIND], {window for _, window in due.values()})
    cohort_ids = {rnd.cohort_id for rnd, _ in due.values()}
    members = defaultdict(list)
    for cohort_id, student_id, name in Cohort.students.through.objects.filter(cohort_id__in=cohort_ids).values_list(
        "cohort_id", "student_id", "student__user__name"
    ):
        members[cohort_id].append((student_id, name))
    placed = set(
        Placement.objects.live()
        .filter(rotation_round_id__in=due)
        .order_by()
        .values_list("rotation_round_id", "student_id")
    )
    ranked = set(
        Preference.objects.filter(rotation_round_id__in=due).order_by().values_list("rotation_round_id", "student_id")
    )
    leaders = defaultdict(list)
    programme_ids = {rnd.cohort.programme_id for rnd, _ in due.values()}
    for grant in ProgrammeLeader.objects.filter(programme_id__in=programme_ids).select_related("user"):
        if grant.user.is_active:
            leaders[grant.programme_id].append(grant.user)
    drafts = []
    url = reverse("dashboards:leader_dashboard")
    for rnd, window in due.values():
        students = sorted(members[rnd.cohort_id], key=lambda item: item[1])
        context = {
            "round": str(rnd),
            "start_date": rnd.start_date.isoformat(),
            "unplaced": [name for pk, name in students if (rnd.pk, pk) not in placed],
            "not_ranked": [name for pk, name in students if (rnd.pk, pk) not in ranked],
            "url": url,
        }
        key = f"rotation_round:{rnd.pk}"
        for leader in leaders[rnd.cohort.programme_id]:
            if (LEADER_KIND, key, leader.pk, window) in sent:
                continue
            drafts.append(
                Draft(
                    kind=LEADER_KIND,
                    object_key=key,
                    recipient_id=leader.pk,
                    window=window,
                    template="leader_round_reminder",
                    context=context,
                )
            )
    notifications_queue(drafts=drafts)
    return len(drafts)


# What a participant reminder needs of a placement, read as plain rows: at 10,000 placements building
# six model instances per placement would cost more than the whole rest of the job.
PARTICIPANT_FIELDS = ("pk", "start_date", "end_date", "student_id")
PARTICIPANT_RELATED = {
    "programme_id": F("assignment__programme_id"),
    "student_user_id": F("student__user_id"),
    "student_active": F("student__user__is_active"),
    "supervisor_user_id": F("supervisor__user_id"),
    "supervisor_active": F("supervisor__user__is_active"),
}


def participant_reminders_queue(*, today: date, programmes: dict[int, Programme]) -> int:
    """Remind the student and the supervisor N weeks before a placement starts and before it ends."""
    weeks_of = {pk: programme.participant_reminder_weeks for pk, programme in programmes.items()}
    horizon = today + timedelta(weeks=max(weeks_of.values(), default=0))
    # Starting or ending between today and the horizon: a range of placement_start or placement_end (the
    # same rows as "not over and not beginning after the horizon, nor running on past it").
    coming = Q(start_date__range=(today, horizon)) | Q(end_date__range=(today, horizon))
    placements = Placement.objects.live().filter(coming).order_by().values(*PARTICIPANT_FIELDS, **PARTICIPANT_RELATED)
    due, windows = [], {}  # windows: (event, weeks) -> its key or None, for the few dates a run sees
    for placement in placements:
        weeks = weeks_of[placement["programme_id"]]
        for kind, event in ((START_KIND, placement["start_date"]), (END_KIND, placement["end_date"])):
            if (event, weeks) not in windows:
                windows[event, weeks] = due_window(event=event, weeks=[weeks], today=today)
            if window := windows[event, weeks]:
                due.append((kind, placement, window))
    sent = _already_sent([START_KIND, END_KIND], {window for _, _, window in due})
    drafts = []
    for kind, placement, window in due:
        key = f"{OBJECT_PREFIX}{placement['pk']}"
        # The row names the placement and its kind the event; what the mail shows is read when it is sent
        # (rounds.messages): forty thousand rows of names and dates would be most of the job's time.
        drafts += [
            Draft(
                kind=kind,
                object_key=key,
                recipient_id=user_id,
                window=window,
                template="placement_reminder",
                context={},
                student_id=placement["student_id"],
            )
            for user_id, active in (
                (placement["student_user_id"], placement["student_active"]),
                (placement["supervisor_user_id"], placement["supervisor_active"]),
            )
            if user_id and active and (kind, key, user_id, window) not in sent
        ]
    notifications_queue(drafts=drafts)
    return len(drafts)
