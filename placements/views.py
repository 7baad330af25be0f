from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import require_leader
from audit.selectors import audit_trail as audit_trail_for
from evaluations import selectors as evaluation_selectors

from . import selectors, services
from .forms import ActivityForm, AttendanceForm, GroupPlacementForm, PlacementForm
from .list_views import placement_export, placement_list  # noqa: F401 (routed in urls.py)


@login_required
def student_assignment(request):
    student = getattr(request.user, "student", None)
    if student is None:
        raise Http404
    today = timezone.localdate()
    overview = selectors.student_overview(student=student, today=today)
    context = {
        "overview": overview,
        "open_rounds": overview.open_rounds,
        "pending": evaluation_selectors.requests_pending_for_respondent(user=request.user),
        "today": today,
    }
    return render(request, "placements/student_assignment.html", context)


@login_required
def supervisor_students(request):
    supervisor = getattr(request.user, "supervisor", None)
    if supervisor is None:
        raise Http404
    today = timezone.localdate()
    context = {
        "overview": selectors.supervisor_overview(supervisor=supervisor, today=today),
        "pending": evaluation_selectors.requests_pending_for_respondent(user=request.user),
        "today": today,
    }
    return render(request, "placements/supervisor_students.html", context)


@login_required
def leader_dashboard(request):
    require_leader(request.user)
    today = timezone.localdate()
    dashboard = selectors.leader_dashboard(user=request.user, today=today)
    evaluations = evaluation_selectors.evaluation_progress_for_programmes(
        programmes=dashboard.programme_ids, today=today
    )
    return render(
        request,
        "placements/leader_dashboard.html",
        {"dashboard": dashboard, "evaluations": evaluations, "today": today},
    )


@login_required
def placement_detail(request, public_id):
    placement = selectors.placement_get_for_user(user=request.user, public_id=public_id)
    can_change = request.user.has_perm("placements.change_placement", placement)
    audit_trail = audit_trail_for(placement) if can_change else None
    return render(
        request,
        "placements/placement_detail.html",
        {
            "placement": placement,
            "card": selectors.PlacementCard.of(placement),
            "can_change": can_change,
            "goals": placement.learning_goals.all(),
            "audit_trail": audit_trail,
        },
    )


@login_required
def placement_create(request):
    require_leader(request.user)
    programmes = selectors.programmes_led_by(request.user)
    form = PlacementForm(request.POST or None, programmes=programmes)
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
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(student)s is placed on %(assignment)s.")
                % {"student": placement.student, "assignment": placement.assignment.title},
            )
            return redirect("placements:placement_detail", public_id=placement.public_id)
    return render(request, "placements/placement_form.html", {"form": form})


@login_required
def activity_list(request):
    require_leader(request.user)
    activities = list(selectors.activities_for_leader(user=request.user))
    today = timezone.localdate()
    return render(request, "placements/activity_list.html", {"activities": activities, "today": today})


@login_required
def activity_create(request):
    require_leader(request.user)
    form = ActivityForm(request.POST or None, programmes=selectors.programmes_led_by(request.user))
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
                request, text % {"title": activity.title, "date": activity.date.strftime("%d-%m-%Y"), "count": count}
            )
            return redirect("placements:activity_attendance", pk=activity.pk)
    return render(request, "placements/activity_form.html", {"form": form})


@login_required
def activity_attendance(request, pk):
    """The activity and its participants; a POST registers everyone's attendance at once."""
    require_leader(request.user)
    activity = selectors.activity_get_for_leader(user=request.user, pk=pk)
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
    require_leader(request.user)
    cohorts = selectors.cohorts_led_by(request.user)
    cohort_id = request.POST.get("cohort") or request.GET.get("cohort")
    if cohort_id:
        cohort = get_object_or_404(cohorts, pk=cohort_id) if cohort_id.isdigit() else None
    else:
        only = list(cohorts[:2])
        cohort = only[0] if len(only) == 1 else None  # one cohort: no need to choose
    form = GroupPlacementForm(request.POST or None, cohort=cohort) if cohort else None
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
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(count)d students are placed on %(assignment)s.")
                % {"count": len(placements), "assignment": data["assignment"].title},
            )
            return redirect("placements:leader_dashboard")
    return render(request, "placements/group_form.html", {"cohorts": cohorts, "cohort": cohort, "form": form})
