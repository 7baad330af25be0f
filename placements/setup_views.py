"""The set-up page of one programme (its cohorts and rounds, the units of its organisations, its
assignments, each with add and edit links) and the assignment pages. Leaders of the programme only:
someone else's programme or assignment is a 404. Writes through placements.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import form_save
from programmes.access import programme_get_for_user, programme_units
from programmes.roles import require_leader

from . import services
from .access import assignment_get_for_user, programme_supervisors
from .setup_forms import AssignmentForm
from .setup_selectors import programme_setup as programme_setup_data


@login_required
def programme_setup(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    setup = programme_setup_data(programme=programme)
    return render(request, "placements/programme_setup.html", {"programme": programme, "setup": setup})


@login_required
def assignment_create(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    form = AssignmentForm(
        request.POST or None,
        units=programme_units(programme),
        supervisors=programme_supervisors(programme),
        initial={"unit": request.GET.get("unit")},
    )
    write = lambda data: services.assignment_create(programme=programme, actor=request.user, **data)  # noqa: E731
    if request.method == "POST" and form.is_valid() and (assignment := form_save(form, write)) is not None:
        messages.success(request, _("Assignment %(title)s is created.") % {"title": assignment.title})
        return redirect("placements:programme_setup", programme_pk=programme.pk)
    context = {"form": form, "title": _("New assignment"), "programme": programme}
    return render(request, "programmes/setup_form.html", context)


@login_required
def assignment_edit(request, pk: int):
    require_leader(request)
    assignment = assignment_get_for_user(user=request.user, pk=pk)
    programme = assignment.programme
    form = AssignmentForm(
        request.POST or None,
        units=programme_units(programme),
        supervisors=programme_supervisors(programme),
        initial={field: getattr(assignment, field) for field in services.ASSIGNMENT_FIELDS},
    )
    write = lambda data: services.assignment_update(assignment=assignment, actor=request.user, **data)  # noqa: E731
    if request.method == "POST" and form.is_valid() and form_save(form, write) is not None:
        messages.success(request, _("Assignment %(title)s is saved.") % {"title": assignment.title})
        return redirect("placements:programme_setup", programme_pk=programme.pk)
    context = {"form": form, "title": _("Edit assignment"), "programme": programme}
    return render(request, "programmes/setup_form.html", context)
