"""Exchange pages: thin views over exchanges.selectors (scope, 404) and exchanges.services (writes).

Service refusals (ValidationError with a code) are shown as form errors or messages; nothing changes then.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.roles import require_leader

from . import access, selectors, services
from .forms import (
    DecisionForm,
    HostInviteForm,
    RequestForm,
    SlotCreateForm,
    SlotFilterForm,
    SlotForm,
    UnitForm,
    WithdrawForm,
)
from .models import ExchangeRequest


@login_required
def exchange_matrix(request):
    require_leader(request)
    programmes = selectors.exchange_programmes(user=request.user)
    context = {"rows": selectors.exchange_matrix(user=request.user), "programmes": programmes}
    return render(request, "exchanges/matrix.html", context)


@login_required
def slot_list(request):
    """Open days of other organisations, filtered by date and host organisation."""
    today = timezone.localdate()
    organisations = selectors.slot_organisations(user=request.user)
    form = SlotFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    slots = list(
        selectors.open_slots(
            user=request.user, today=today, day_from=filters.get("day_from"), organisation=filters.get("organisation")
        )
    )
    own = {p.professional.organisation_id for p in access.participations(request.user)}
    context = {"form": form, "slots": slots, "own_organisations": own, "participates": bool(own)}
    return render(request, "exchanges/slot_list.html", context)


@login_required
def slot_detail(request, public_id):
    """A day on offer and the request form (with a short motivation)."""
    slot, participant = access.slot_get_for_visitor(user=request.user, public_id=public_id)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_request_create(participant=participant, slot=slot, message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your request was sent to the host. You will get an e-mail with the answer."))
            return redirect("exchanges:mine")
    mine = ExchangeRequest.objects.filter(slot=slot, participant=participant).first()
    context = {
        "slot": slot,
        "form": form,
        "my_request": mine,
        "own": slot.assignment.unit.organisation_id == participant.professional.organisation_id,
        "today": timezone.localdate(),
    }
    return render(request, "exchanges/slot_detail.html", context)


@login_required
def my_exchanges(request):
    """Both sides of the person's exchanges: their visits and the visitors they host, upcoming and past."""
    today = timezone.localdate()
    visits = list(selectors.my_requests(user=request.user))
    hosted = list(selectors.hosted_visits(user=request.user))
    context = {
        "today": today,
        "upcoming_visits": [r for r in visits if r.slot.date >= today],
        "past_visits": [r for r in visits if r.slot.date < today],
        "upcoming_hosted": [r for r in hosted if r.slot.date >= today],
        "past_hosted": [r for r in hosted if r.slot.date < today],
    }
    return render(request, "exchanges/mine.html", context)


@login_required
def hosting(request):
    """The days the person hosts, with the requests to answer."""
    slots = list(selectors.hosted_slots(user=request.user))
    can_publish = selectors.host_units(user=request.user).exists()
    context = {
        "slots": slots,
        "can_publish": can_publish,
        "decision_form": DecisionForm(),
        "today": timezone.localdate(),
    }
    return render(request, "exchanges/hosting.html", context)


@login_required
def slot_create(request):
    programmes = selectors.host_programmes(user=request.user)
    units = selectors.host_units(user=request.user)
    if not (programmes and units):
        return render(request, "exchanges/slot_form.html", {"form": None})
    hosts = access.coordinator_hosts(request.user).select_related("user").order_by("user__name")
    form = SlotCreateForm(request.POST or None, programmes=programmes, units=units, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.exchange_slot_publish(
                actor=request.user,
                programme=data["programme"],
                unit=data["unit"],
                day=data["date"],
                place=data["place"],
                description=data["description"],
                places=data["places"],
                host=data.get("host"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Your exchange day is published; professionals of other organisations can ask for it now.")
            )
            return redirect("exchanges:hosting")
    return render(request, "exchanges/slot_form.html", {"form": form})


@login_required
def slot_edit(request, public_id):
    slot = access.slot_get_for_host(user=request.user, public_id=public_id)
    initial = {
        "date": slot.date,
        "place": slot.place,
        "description": slot.assignment.description,
        "places": slot.assignment.capacity,
    }
    form = SlotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.exchange_slot_update(
                slot=slot,
                actor=request.user,
                day=data["date"],
                place=data["place"],
                description=data["description"],
                places=data["places"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The exchange day was changed."))
            return redirect("exchanges:hosting")
    context = {"form": form, "slot": slot, "withdraw_form": WithdrawForm()}
    return render(request, "exchanges/slot_form.html", context)


@login_required
@require_POST
def slot_withdraw(request, public_id):
    slot = access.slot_get_for_host(user=request.user, public_id=public_id)
    form = WithdrawForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.exchange_slot_withdraw(slot=slot, actor=request.user, message=message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The exchange day was withdrawn; anyone who asked for it has been told."))
    return redirect("exchanges:hosting")


@login_required
@require_POST
def request_decide(request, pk):
    exchange_request = access.request_get_for_host(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline the request."))
        return redirect("exchanges:hosting")
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.exchange_request_decide(
            request=exchange_request, actor=request.user, accept=accept, message=form.cleaned_data["message"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        name = exchange_request.participant.professional.user.name
        if accept:
            messages.success(request, _("%(name)s is welcome; they have been told by e-mail.") % {"name": name})
        else:
            messages.success(request, _("The request of %(name)s was declined; they have been told.") % {"name": name})
    return redirect("exchanges:hosting")


@login_required
@require_POST
def reflect(request, pk):
    """Open the person's reflection (an evaluation of the one-day placement) after the day.

    A POST (the button "Write your reflection"): opening it may create the evaluation request, and a GET
    never writes (a prefetching browser or a link checker would otherwise open reflections)."""
    exchange_request = access.request_get_for_person(user=request.user, pk=pk)
    try:
        evaluation_request = services.exchange_reflection_open(request=exchange_request, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exchanges:mine")
    return redirect("evaluations:respond", token=evaluation_request.token)


@login_required
def coordination_index(request):
    """The organisations (per exchange programme) whose part the person coordinates; one goes straight there."""
    grants = list(access.coordinations(request.user).order_by("programme__name", "organisation__name"))
    if len(grants) == 1:
        return redirect("exchanges:coordination", pk=grants[0].pk)
    return render(request, "exchanges/coordination_index.html", {"grants": grants})


def _coordination_page(request, coordination, *, unit_form=None, host_form=None):
    units = selectors.coordination_units(coordination=coordination)
    context = {
        "coordination": coordination,
        "units": units,
        "professionals": list(selectors.coordination_professionals(coordination=coordination)),
        "visits": list(selectors.coordination_visits(coordination=coordination)),
        "unit_form": unit_form or UnitForm(),
        "host_form": host_form or HostInviteForm(units=units),
        "today": timezone.localdate(),
    }
    return render(request, "exchanges/coordination.html", context)


@login_required
def coordination(request, pk):
    """A coordinator's page of their organisation in the programme: teams and hosts, own professionals,
    visitors received with their reflections."""
    return _coordination_page(request, access.coordination_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def coordination_unit_create(request, pk):
    grant = access.coordination_get_for_user(user=request.user, pk=pk)
    form = UnitForm(request.POST)
    if form.is_valid():
        try:
            services.exchange_unit_create(coordination=grant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The team was added; invite its hosts below."))
            return redirect("exchanges:coordination", pk=grant.pk)
    return _coordination_page(request, grant, unit_form=form)


@login_required
@require_POST
def coordination_host_invite(request, pk):
    grant = access.coordination_get_for_user(user=request.user, pk=pk)
    form = HostInviteForm(request.POST, units=selectors.coordination_units(coordination=grant))
    if form.is_valid():
        try:
            services.exchange_host_invite(coordination=grant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The host was invited by e-mail and can offer exchange days now."))
            return redirect("exchanges:coordination", pk=grant.pk)
    return _coordination_page(request, grant, host_form=form)


@login_required
def visit(request, pk):
    """One visit the person hosts (or coordinates): who came, and the reflections both sides submitted."""
    exchange_request = access.request_get_for_host(user=request.user, pk=pk)
    if exchange_request.status != ExchangeRequest.Status.ACCEPTED:
        raise Http404
    context = {"r": exchange_request, "reflections": selectors.visit_reflections(request=exchange_request)}
    return render(request, "exchanges/visit.html", context)
