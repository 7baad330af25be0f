"""The set-up page of one programme (its cohorts and rounds, the units of its organisations, its
assignments, each with add and edit links) and the assignment pages. Leaders of the programme only:
someone else's programme or assignment is a 404. Writes through placements.services."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.forms import form_page
from programmes.access import programme_get_for_user, programme_units
from programmes.roles import require_leader
from programmes.setup_views import TEMPLATE, setup_url

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


def _assignment_form(request, programme, **kwargs) -> AssignmentForm:
    units, supervisors = programme_units(programme), programme_supervisors(programme)
    return AssignmentForm(request.POST or None, units=units, supervisors=supervisors, **kwargs)


@login_required
def assignment_create(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    return form_page(
        request,
        _assignment_form(request, programme, initial={"unit": request.GET.get("unit")}),
        write=lambda data: services.assignment_create(programme=programme, actor=request.user, **data),
        done=lambda assignment: _("Assignment %(title)s is created.") % {"title": assignment.title},
        next_url=lambda _assignment: setup_url(programme.pk),
        template=TEMPLATE,
        context={"title": _("New assignment"), "programme": programme},
    )


@login_required
def assignment_edit(request, pk: int):
    require_leader(request)
    assignment = assignment_get_for_user(user=request.user, pk=pk)
    initial = {field: getattr(assignment, field) for field in services.ASSIGNMENT_FIELDS}
    return form_page(
        request,
        _assignment_form(request, assignment.programme, initial=initial),
        write=lambda data: services.assignment_update(assignment=assignment, actor=request.user, **data),
        done=lambda _assignment: _("Assignment %(title)s is saved.") % {"title": assignment.title},
        next_url=lambda _assignment: setup_url(assignment.programme_id),
        template=TEMPLATE,
        context={"title": _("Edit assignment"), "programme": assignment.programme},
    )
