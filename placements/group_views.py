"""Project groups: their page for members, their supervisors and the programme's leaders; leaders rename
a group, choose its lead and plan its final presentation. Thin: the rules are in placements.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programmes.roles import require_leader

from . import selectors, services
from .access import project_group_can_change, project_group_get_for_user
from .forms import PresentationForm, ProjectGroupForm


@login_required
def project_group_list(request):
    require_leader(request)
    groups = list(selectors.project_groups_led(user=request.user))
    return render(request, "placements/project_group_list.html", {"groups": groups})


@login_required
def project_group_detail(request, public_id):
    group = project_group_get_for_user(user=request.user, public_id=public_id)
    members = selectors.project_group_members(group=group)
    can_change = project_group_can_change(user=request.user, group=group)
    context = {"group": group, "members": members, "can_change": can_change}
    return render(request, "placements/project_group_detail.html", context)


def _group_to_change(request, public_id):
    """The group if the visitor may change it; its members and supervisors get a 403, others a 404."""
    group = project_group_get_for_user(user=request.user, public_id=public_id)
    if not project_group_can_change(user=request.user, group=group):
        raise PermissionDenied
    return group


@login_required
def project_group_edit(request, public_id):
    group = _group_to_change(request, public_id)
    members = selectors.project_group_members(group=group)
    form = ProjectGroupForm(request.POST or None, members=members, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_group_update(
                group=group, name=form.cleaned_data["name"], lead=form.cleaned_data["lead"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("placements:project_group_detail", public_id=group.public_id)
    context = {"group": group, "form": form, "title": _("Name and lead")}
    return render(request, "placements/project_group_form.html", context)


@login_required
def project_group_presentation(request, public_id):
    group = _group_to_change(request, public_id)
    initial = {
        "date": group.presentation_date,
        "start_time": group.presentation_start_time,
        "end_time": group.presentation_end_time,
        "location": group.presentation_location,
    }
    form = PresentationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_group_schedule_presentation(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The presentation is planned."))
            return redirect("placements:project_group_detail", public_id=group.public_id)
    context = {"group": group, "form": form, "title": _("Final presentation")}
    return render(request, "placements/project_group_form.html", context)
