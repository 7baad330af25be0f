"""The leader's set-up pages of the programmes app: the list of their programmes to set up, a programme,
its cohorts and the units of its organisations. Thin views: the leader's scope from programmes.access
(someone else's programme is a 404), every write through a service, every refusal shown on the form.

The set-up page of one programme (with its assignments and rounds) is placements.setup_views."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import form_page
from organisations import services as organisation_services
from organisations.services import UNIT_FIELDS

from . import services
from .access import (
    cohort_get_for_user,
    programme_get_for_user,
    programme_organisations,
    programme_unit_get_for_user,
    programme_units,
    programmes_for_user,
    students_for_user,
)
from .roles import require_leader
from .services import PROGRAMME_FIELDS
from .setup_forms import CohortForm, ProgrammeForm, UnitForm

TEMPLATE = "programmes/setup_form.html"


def setup_url(programme_id: int) -> str:
    return reverse("placements:programme_setup", kwargs={"programme_pk": programme_id})


@login_required
def setup_index(request):
    """Programma inrichten: the programmes the person leads, each with its set-up page, and a new one."""
    require_leader(request)
    programmes = programmes_for_user(request.user).select_related("organisation").order_by("-start_date", "name")
    return render(request, "programmes/setup_index.html", {"programmes": programmes})


@login_required
def programme_create(request):
    require_leader(request)
    return form_page(
        request,
        ProgrammeForm(request.POST or None),
        write=lambda data: services.programme_create(actor=request.user, **data),
        done=lambda programme: _("Programme %(name)s is created; you lead it.") % {"name": programme.name},
        next_url=lambda programme: setup_url(programme.pk),
        template=TEMPLATE,
        context={"title": _("New programme")},
    )


@login_required
def programme_edit(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    initial = {field: getattr(programme, field) for field in PROGRAMME_FIELDS}
    return form_page(
        request,
        ProgrammeForm(request.POST or None, initial=initial),
        write=lambda data: services.programme_update(programme=programme, actor=request.user, **data),
        done=lambda _programme: _("The programme is saved."),
        next_url=lambda _programme: setup_url(programme.pk),
        template=TEMPLATE,
        context={"title": _("Edit programme"), "programme": programme},
    )


@login_required
def cohort_create(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    return form_page(
        request,
        CohortForm(request.POST or None, students=students_for_user(request.user)),
        write=lambda data: services.cohort_create(programme=programme, actor=request.user, **data),
        done=lambda cohort: _("Cohort %(name)s is created.") % {"name": cohort.name},
        next_url=lambda _cohort: setup_url(programme.pk),
        template=TEMPLATE,
        context={"title": _("New cohort"), "programme": programme},
    )


@login_required
def cohort_edit(request, pk: int):
    require_leader(request)
    cohort = cohort_get_for_user(user=request.user, pk=pk)
    members = list(cohort.students.values_list("pk", flat=True))
    initial = {"name": cohort.name, "start_date": cohort.start_date, "students": members}
    return form_page(
        request,
        CohortForm(request.POST or None, students=students_for_user(request.user), initial=initial),
        write=lambda data: services.cohort_update(cohort=cohort, actor=request.user, **data),
        done=lambda _cohort: _("Cohort %(name)s is saved.") % {"name": cohort.name},
        next_url=lambda _cohort: setup_url(cohort.programme_id),
        template=TEMPLATE,
        context={"title": _("Edit cohort"), "programme": cohort.programme},
    )


@login_required
def unit_create(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    form = UnitForm(
        request.POST or None,
        organisations=programme_organisations(programme),
        units=programme_units(programme),
        initial={"organisation": programme.organisation_id, "parent": request.GET.get("parent")},
    )
    return form_page(
        request,
        form,
        write=lambda data: organisation_services.unit_create(actor=request.user, **data),
        done=lambda unit: _("Unit %(name)s is created.") % {"name": unit.name},
        next_url=lambda _unit: setup_url(programme.pk),
        template=TEMPLATE,
        context={"title": _("New unit"), "programme": programme},
    )


@login_required
def unit_edit(request, programme_pk: int, pk: int):
    require_leader(request)
    programme, unit = programme_unit_get_for_user(user=request.user, programme_pk=programme_pk, pk=pk)
    form = UnitForm(
        request.POST or None,
        organisations=programme_organisations(programme),
        units=programme_units(programme).exclude(pk=unit.pk),
        unit=unit,
        initial={"organisation": unit.organisation_id} | {field: getattr(unit, field) for field in UNIT_FIELDS},
    )
    return form_page(
        request,
        form,
        write=lambda data: organisation_services.unit_update(
            unit=unit, actor=request.user, **{field: data[field] for field in UNIT_FIELDS}
        ),
        done=lambda _unit: _("Unit %(name)s is saved.") % {"name": unit.name},
        next_url=lambda _unit: setup_url(programme.pk),
        template=TEMPLATE,
        context={"title": _("Edit unit"), "programme": programme},
    )
