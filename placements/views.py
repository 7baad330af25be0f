from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.selectors import audit_trail as audit_trail_for
from core.fixes import error_codes
from core.forms import id_from_text
from core.hooks import placement_panels
from programmes.access import cohorts_for_user, programmes_for_user
from programmes.roles import require_leader

from . import selectors, services
from .access import (
    activity_get_for_user,
    placement_can_change,
    placement_get_for_user,
    placement_shows_student_contact,
    supervisors_for_user,
)
from .forms import ActivityForm, AttendanceForm, GoalCopyForm, GroupPlacementForm, LearningGoalForm, PlacementForm
from .list_views import placement_export, placement_list  # noqa: F401 (routed in urls.py)


@login_required
def placement_detail(request, public_id):
    placement = placement_get_for_user(user=request.user, public_id=public_id)
    can_change = placement_can_change(user=request.user, placement=placement)
    for_student = placement.student.user_id == request.user.pk and not can_change
    grids = selectors.learning_goal_grids(placement_ids=[placement.pk], for_student=for_student)
    context = {
        "placement": placement,
        "can_change": can_change,
        "goal_grid": grids.get(placement.pk),
        "audit_trail": audit_trail_for(placement) if can_change else None,
        "student_contact": placement_shows_student_contact(
            user=request.user, placement=placement, can_change=can_change, today=timezone.localdate()
        ),
        # Sections of apps above this one (hours, logbook, the agreement), each deciding what the person sees.
        "panels": [
            panel
            for contribute in placement_panels
            if (panel := contribute(placement=placement, user=request.user, can_change=can_change))
        ],
    }
    if can_change:
        context["waiting"] = selectors.placement_waiting_reasons(placement=placement, today=timezone.localdate())
        context["goal_form"] = LearningGoalForm()
        context["copy_form"] = GoalCopyForm(programme=placement.assignment.programme)
    return render(request, "placements/placement_detail.html", context)


def _placing_form(request, form_class, **kwargs):
    """A placing form with the leader's supervisors; a GET with an assignment (the form asking for the
    supervisors of its organisation) starts from that assignment."""
    chosen = request.GET.get("assignment") if request.method == "GET" else None
    return form_class(
        request.POST or None,
        initial={"assignment": chosen} if chosen else {},
        supervisors=supervisors_for_user(request.user),
        refresh_url=request.path,
        **kwargs,
    )


def _placing_error(form, exc: ValidationError) -> None:
    """A refused placement's message, beside the field that can fix it where there is one."""
    fields = {"unit_done": "rotation_override_reason", "supervisor_organisation": "supervisor"}
    form.add_error(fields.get(getattr(exc, "code", None)), exc)


def placement_fixes(exc: ValidationError, *, students, programme_id: int) -> list[tuple[str, str]]:
    """Where a refused placement is put right: the documents page and the student's page for a document,
    the supervisor load page for a supervisor at their maximum, the student's page for an overlap."""
    codes = error_codes(exc)
    fixes = []
    if "documents" in codes:
        fixes.append((_("Documents of the programme"), reverse("documents:programme_documents", args=[programme_id])))
    if codes & {"documents", "overlap"}:
        fixes += [(student.user.name, reverse("dashboards:student_detail", args=[student.pk])) for student in students]
    if "supervisor_load" in codes:
        fixes.append((_("Supervisor load"), reverse("placements:supervisor_load")))
    return fixes


@login_required
def placement_create(request):
    require_leader(request)
    programmes = programmes_for_user(request.user)
    form = _placing_form(request, PlacementForm, programmes=programmes)
    fixes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.placement_create(
                student=data["student"],
                assignment=data["assignment"],
                supervisor=data["supervisor"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                learning_goals=form.goals(),
                rotation_override_reason=data["rotation_override_reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            _placing_error(form, exc)
            fixes = placement_fixes(exc, students=[data["student"]], programme_id=data["assignment"].programme_id)
        else:
            messages.success(
                request,
                _("%(student)s is placed on %(assignment)s.")
                % {"student": placement.student, "assignment": placement.assignment.title},
            )
            return redirect("placements:placement_detail", public_id=placement.public_id)
    return render(request, "placements/placement_form.html", {"form": form, "fixes": fixes})


@login_required
def activity_list(request):
    require_leader(request)
    activities = list(selectors.activities_for_leader(user=request.user))
    today = timezone.localdate()
    return render(request, "placements/activity_list.html", {"activities": activities, "today": today})


@login_required
def activity_create(request):
    require_leader(request)
    form = ActivityForm(request.POST or None, programmes=programmes_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            count = activity.attendances.count()
            text = ngettext(
                "%(title)s on %(date)s is planned for %(count)d student.",
                "%(title)s on %(date)s is planned for %(count)d students.",
                count,
            )
            messages.success(
                request,
                text
                % {"title": activity.title, "date": date_format(activity.date, "SHORT_DATE_FORMAT"), "count": count},
            )
            return redirect("placements:activity_attendance", pk=activity.pk)
    return render(request, "placements/activity_form.html", {"form": form})


@login_required
def activity_attendance(request, pk):
    """The activity and its participants; a POST registers everyone's attendance at once."""
    require_leader(request)
    activity = activity_get_for_user(user=request.user, pk=pk)
    attendances = selectors.activity_attendances(activity=activity)
    form = AttendanceForm(request.POST or None, attendances=attendances)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.attendance_register(activity=activity, attended=form.attended(), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Attendance saved (%(count)d changed).") % {"count": changed})
            return redirect("placements:activity_attendance", pk=activity.pk)
    is_future = activity.date > timezone.localdate()
    return render(
        request,
        "placements/activity_attendance.html",
        {"activity": activity, "form": form, "attendances": attendances, "is_future": is_future},
    )


@login_required
def placement_group_create(request):
    require_leader(request)
    cohorts = cohorts_for_user(request.user)
    cohort_id = request.POST.get("cohort") or request.GET.get("cohort")
    if cohort_id:
        cohort_pk = id_from_text(cohort_id)
        cohort = get_object_or_404(cohorts, pk=cohort_pk) if cohort_pk is not None else None
    else:
        only = list(cohorts[:2])
        cohort = only[0] if len(only) == 1 else None  # one cohort: no need to choose
    form, fixes = None, []
    if cohort is not None:
        form = _placing_form(request, GroupPlacementForm, cohort=cohort)
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placements = services.placement_group_create(
                students=list(data["students"]),
                assignment=data["assignment"],
                supervisor=data["supervisor"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                notes=data["notes"],
                group_name=data["group_name"],
                lead=data["lead"],
                rotation_override_reason=data["rotation_override_reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            _placing_error(form, exc)
            fixes = placement_fixes(exc, students=data["students"], programme_id=data["assignment"].programme_id)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d student is placed on %(assignment)s.",
                    "%(count)d students are placed on %(assignment)s.",
                    len(placements),
                )
                % {"count": len(placements), "assignment": data["assignment"].title},
            )
            return redirect("dashboards:leader_dashboard")
    context = {"cohorts": cohorts, "cohort": cohort, "form": form, "fixes": fixes}
    return render(request, "placements/group_form.html", context)


@login_required
def supervisor_load(request):
    require_leader(request)
    supervisors, units = selectors.supervisor_load(user=request.user, today=timezone.localdate())
    return render(request, "placements/supervisor_load.html", {"supervisors": supervisors, "units": units})
