"""The agreement on the placement's page: a leader draws it up (again), each party agrees, anyone who
sees the placement downloads it. Thin: the rules are in agreements.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.responses import private
from placements.access import placement_can_change, placement_get_for_user

from . import services
from .access import agreement_get_for_user
from .forms import AcceptForm
from .pdf import agreement_pdf


def _back(placement):
    return redirect(reverse("placements:placement_detail", args=[placement.public_id]) + "#agreement")


@login_required
@require_POST
def agreement_generate(request, public_id):
    placement = placement_get_for_user(user=request.user, public_id=public_id)
    if not placement_can_change(user=request.user, placement=placement):
        raise PermissionDenied
    try:
        agreement = services.agreement_generate(placement=placement, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The agreement is drawn up (version %(version)d).") % {"version": agreement.version}
        )
    return _back(placement)


@login_required
@require_POST
def agreement_accept(request, public_id):
    agreement = agreement_get_for_user(user=request.user, public_id=public_id)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the party you agree for."))
        return _back(agreement.placement)
    try:
        services.agreement_accept(agreement=agreement, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you, your acceptance is recorded."))
    return _back(agreement.placement)


@login_required
def agreement_download(request, public_id):
    """The agreed copy as stored once all parties agreed; before that, the current version as it stands."""
    agreement = agreement_get_for_user(user=request.user, public_id=public_id)
    if agreement.completed_at and agreement.document and agreement.document.file:
        response = FileResponse(
            agreement.document.file.open("rb"), as_attachment=True, filename="praktijkovereenkomst.pdf"
        )
    else:
        content = agreement_pdf(agreement=agreement, acceptances=agreement.acceptances.all())
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="praktijkovereenkomst-concept.pdf"'
    response["Content-Type"] = "application/pdf"
    return private(response)
