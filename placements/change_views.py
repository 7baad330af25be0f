"""A leader changes a placement from its page: other terms (assignment, supervisor, dates), an early end
with a reason, an extension, a cancellation, or its start once its start gates are in order. Thin: each
view calls one step of placements.services.placement_change and shows its refusal on the form. Leaders
of the placement's programme only (its student and supervisor: 403; others: 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import form_page

from . import services
from .access import placement_get_to_change, supervisors_for_user
from .forms import PlacementCancelForm, PlacementChangeForm, PlacementEndForm, PlacementExtendForm


def _step(request, public_id, form_class, step, *, done: str, title: str, danger: bool = False, **form_kwargs):
    """The placement (to change) and the step's form, through core.forms.form_page: on a valid POST the
    service step is called with the form's data, a refusal becomes the form's error (on the field it names);
    the page again unless the step succeeded."""
    placement = placement_get_to_change(user=request.user, public_id=public_id)
    return form_page(
        request,
        form_class(request.POST or None, placement=placement, **form_kwargs),
        write=lambda data: step(placement=placement, actor=request.user, **data),
        done=lambda _placement: done,
        next_url=lambda changed: reverse("placements:placement_detail", kwargs={"public_id": changed.public_id}),
        template="placements/placement_change_form.html",
        context={"placement": placement, "title": title, "danger": danger},
    )


@login_required
def placement_edit(request, public_id):
    done, title = _("The placement is changed."), _("Change placement")
    supervisors = supervisors_for_user(request.user)
    return _step(
        request,
        public_id,
        PlacementChangeForm,
        services.placement_update,
        done=done,
        title=title,
        supervisors=supervisors,
    )


@login_required
def placement_end_early(request, public_id):
    done, title = _("The placement ends early."), _("End placement early")
    return _step(
        request, public_id, PlacementEndForm, services.placement_end_early, done=done, title=title, danger=True
    )


@login_required
def placement_extend(request, public_id):
    done, title = _("The placement is extended."), _("Extend placement")
    return _step(request, public_id, PlacementExtendForm, services.placement_extend, done=done, title=title)


@login_required
def placement_cancel(request, public_id):
    done, title = _("The placement is cancelled."), _("Cancel placement")
    return _step(
        request, public_id, PlacementCancelForm, services.placement_cancel, done=done, title=title, danger=True
    )


@login_required
@require_POST
def placement_start(request, public_id):
    """Start a planned placement whose start date has come, now that its documents are in order (the daily
    job would start it the next morning)."""
    placement = placement_get_to_change(user=request.user, public_id=public_id)
    try:
        services.placement_set_status(placement=placement, status=services.Status.ACTIVE, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The placement has started."))
    return redirect("placements:placement_detail", public_id=placement.public_id)
