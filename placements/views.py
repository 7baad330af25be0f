from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import roles_of
from audit.selectors import audit_trail as audit_trail_for

from . import selectors, services
from .forms import PlacementForm
from .list_views import placement_export, placement_list  # noqa: F401 (routed in urls.py)


def _require(condition: bool):
    if not condition:
        raise PermissionDenied


@login_required
def student_assignment(request):
    student = getattr(request.user, "student", None)
    if student is None:
        raise Http404
    overview = selectors.student_overview(student=student)
    return render(request, "placements/student_assignment.html", {"overview": overview})


@login_required
def supervisor_students(request):
    supervisor = getattr(request.user, "supervisor", None)
    if supervisor is None:
        raise Http404
    overview = selectors.supervisor_overview(supervisor=supervisor)
    return render(request, "placements/supervisor_students.html", {"overview": overview})


@login_required
def leader_dashboard(request):
    roles = roles_of(request.user)
    _require(roles.is_leader or roles.is_admin)
    dashboard = selectors.leader_dashboard(user=request.user)
    return render(request, "placements/leader_dashboard.html", {"dashboard": dashboard})


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
            "can_change": can_change,
            "goals": placement.learning_goals.all(),
            "audit_trail": audit_trail,
        },
    )


@login_required
def placement_create(request):
    roles = roles_of(request.user)
    _require(roles.is_leader or roles.is_admin)
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
