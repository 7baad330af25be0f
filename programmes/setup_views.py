"""The leader's set-up pages of the programmes app: the list of their programmes to set up, a programme,
its cohorts and the units of its organisations. Thin views: the leader's scope from programmes.access
(someone else's programme is a 404), every write through a service, every refusal shown on the form.

The set-up page of one programme (with its assignments and rounds) is placements.setup_views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import form_save
from organisations import services as organisation_services

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


@login_required
def setup_index(request):
    """Programma inrichten: the programmes the person leads, each with its set-up page, and a new one."""
    require_leader(request)
    programmes = programmes_for_user(request.user).select_related("organisation").order_by("-start_date", "name")
    return render(request, "programmes/setup_index.html", {"programmes": programmes})


@login_required
def programme_create(request):
    require_leader(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = form_save(form, lambda data: services.programme_create(actor=request.user, **data))
        if programme is not None:
            messages.success(request, _("Programme %(name)s is created; you lead it.") % {"name": programme.name})
            return redirect("placements:programme_setup", programme_pk=programme.pk)
    return render(request, "programmes/setup_form.html", {"form": form, "title": _("New programme")})


@login_required
def programme_edit(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    initial = {field: getattr(programme, field) for field in PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial)
    write = lambda data: services.programme_update(programme=programme, actor=request.user, **data)  # noqa: E731
    if request.method == "POST" and form.is_valid() and form_save(form, write) is not None:
        messages.success(request, _("The programme is saved."))
        return redirect("placements:programme_setup", programme_pk=programme.pk)
    context = {"form": form, "title": _("Edit programme"), "programme": programme}
    return render(request, "programmes/setup_form.html", context)


@login_required
def cohort_create(request, programme_pk: int):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    form = CohortForm(request.POST or None, students=students_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        cohort = form_save(form, lambda data: services.cohort_create(programme=programme, actor=request.user, **data))
        if cohort is not None:
            messages.success(request, _("Cohort %(name)s is created.") % {"name": cohort.name})
            return redirect("placements:programme_setup", programme_pk=programme.pk)
    context = {"form": form, "title": _("New cohort"), "programme": programme}
    return render(request, "programmes/setup_form.html", context)


@login_required
def cohort_edit(request, pk: int):
    require_leader(request)
    cohort = cohort_get_for_user(user=request.user, pk=pk)
    members = list(cohort.students.values_list("pk", flat=True))
    form = CohortForm(
        request.POST or None,
        students=students_for_user(request.user),
        initial={"name": cohort.name, "start_date": cohort.start_date, "students": members},
    )
    write = lambda data: services.cohort_update(cohort=cohort, actor=request.user, **data)  # noqa: E731
    if request.method == "POST" and form.is_valid() and form_save(form, write) is not None:
        messages.success(request, _("Cohort %(name)s is saved.") % {"name": cohort.name})
        return redirect("placements:programme_setup", programme_pk=cohort.programme_id)
    context = {"form": form, "title": _("Edit cohort"), "programme": cohort.programme}
    return render(request, "programmes/setup_form.html", context)


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
    if request.method == "POST" and form.is_valid():
        unit = form_save(form, lambda data: organisation_services.unit_create(actor=request.user, **data))
        if unit is not None:
            messages.success(request, _("Unit %(name)s is created.") % {"name": unit.name})
            return redirect("placements:programme_setup", programme_pk=programme.pk)
    context = {"form": form, "title": _("New unit"), "programme": programme}
    return render(request, "programmes/setup_form.html", context)


@login_required
def unit_edit(request, programme_pk: int, pk: int):
    require_leader(request)
    programme, unit = programme_unit_get_for_user(user=request.user, programme_pk=programme_pk, pk=pk)
    fields = ["name", "parent", "address", "contact_email", "contact_phone"]
    form = UnitForm(
        request.POST or None,
        organisations=programme_organisations(programme),
        units=programme_units(programme).exclude(pk=unit.pk),
        unit=unit,
        initial={"organisation": unit.organisation_id} | {field: getattr(unit, field) for field in fields},
    )
    write = lambda data: organisation_services.unit_update(  # noqa: E731
        unit=unit, actor=request.user, **{field: data[field] for field in fields}
    )
    if request.method == "POST" and form.is_valid() and form_save(form, write) is not None:
        messages.success(request, _("Unit %(name)s is saved.") % {"name": unit.name})
        return redirect("placements:programme_setup", programme_pk=programme.pk)
    context = {"form": form, "title": _("Edit unit"), "programme": programme}
    return render(request, "programmes/setup_form.html", context)
