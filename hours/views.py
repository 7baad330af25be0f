from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from placements.access import placement_get_for_user
from programmes.access import programme_get_for_user
from programmes.roles import require_leader
from programmes.services import programme_required_hours_set

from . import exports, selectors, services
from .access import hours_can_record, hours_can_review, hours_week_get_for_user
from .forms import HoursReviewForm, HoursWeekForm, RequiredHoursForm, week_label


def _record_form(request, placement, today) -> HoursWeekForm:
    """The student's form; `?week=<monday>` opens an editable week with its figures."""
    weeks = services.hours_weeks_recordable(placement=placement, today=today)
    existing = {
        week.week_start.isoformat(): week for week in placement.hours_weeks.filter(status__in=services.EDITABLE)
    }
    chosen = existing.get(request.GET.get("week", ""))
    initial = {"week": request.GET.get("week", "")}
    if chosen is not None:
        initial.update(hours_worked=chosen.hours_worked, absence_hours=chosen.absence_hours, note=chosen.note)
    return HoursWeekForm(request.POST or None, placement=placement, weeks=weeks, today=today, initial=initial)


@login_required
def placement_hours(request, public_id):
    """The placement's weeks for everyone who may see it; the student records them, the supervisor reviews."""
    placement = placement_get_for_user(user=request.user, public_id=public_id)
    today = timezone.localdate()
    can_record = hours_can_record(user=request.user, placement=placement)
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    form = _record_form(request, placement, today) if can_record else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submit = "submit" in request.POST
        try:
            services.hours_week_save(
                placement=placement,
                week_start=data["week"],
                hours_worked=data["hours_worked"],
                absence_hours=data["absence_hours"],
                note=data["note"],
                submit=submit,
                actor=request.user,
                today=today,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text = _("%(week)s is submitted for approval.") if submit else _("%(week)s is saved as a draft.")
            messages.success(request, text % {"week": week_label(data["week"])})
            return redirect("hours:placement_hours", public_id=placement.public_id)
    context = {
        "placement": placement,
        "weeks": selectors.hours_weeks_of_placement(placement=placement),
        "summary": selectors.hours_summaries(placement_ids=[placement.pk])[placement.pk],
        "form": form,
        "can_review": hours_can_review(user=request.user, placement=placement),
        "review_form": HoursReviewForm(),
    }
    return render(request, "hours/placement_hours.html", context)


@login_required
@require_POST
def week_review(request, pk):
    """The workplace supervisor approves a submitted week or returns it with a comment."""
    week = hours_week_get_for_user(user=request.user, pk=pk)
    if not hours_can_review(user=request.user, placement=week.placement):
        raise PermissionDenied
    form = HoursReviewForm(request.POST)
    if form.is_valid():
        try:
            week = services.hours_week_review(
                week=week,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(week)s of %(student)s: %(status)s.")
                % {"week": week.iso_week, "student": week.placement.student, "status": week.get_status_display()},
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("hours:placement_hours", public_id=week.placement.public_id)


@login_required
def programme_hours(request, programme_id):
    """The leader's totals per placement of a programme, per school, and the programme's required hours."""
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_id)
    form = RequiredHoursForm(request.POST or None, initial={"required_hours": programme.required_hours})
    if request.method == "POST" and form.is_valid():
        try:
            programme_required_hours_set(
                programme=programme, required_hours=form.cleaned_data["required_hours"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The required hours are saved."))
            return redirect("hours:programme_hours", programme_id=programme.pk)
    rows = selectors.hours_totals(programme=programme)
    school = request.GET.get("school", "")
    context = {
        "programme": programme,
        "form": form,
        "schools": sorted({row.school for row in rows if row.school}),
        "school": school,
        "rows": [row for row in rows if not school or row.school == school],
    }
    return render(request, "hours/programme_hours.html", context)


@login_required
def programme_hours_export(request, programme_id):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_id)
    school = request.GET.get("school", "")
    rows = [row for row in selectors.hours_totals(programme=programme) if not school or row.school == school]
    response = HttpResponse("".join(exports.csv_lines(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hours-{programme.pk}.csv"'
    return response
