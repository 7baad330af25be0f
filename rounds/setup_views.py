"""Rotation rounds on the leader's set-up pages: the rounds proposed from the cohort's start and the
programme's rotation length (created as drafts in one go), and a round's name and dates edited afterwards.
Rounds and cohorts outside the person's programmes are a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.forms import form_page, form_save
from programmes.access import cohort_get_for_user, rotation_round_get_for_user
from programmes.roles import require_leader
from programmes.setup_views import TEMPLATE, setup_url

from . import services as rounds
from .forms import RotationRoundEditForm, RoundsProposeForm


@login_required
def rounds_propose(request, pk: int):
    """GET: the rounds that would be created; POST: create them (all or none)."""
    require_leader(request)
    cohort = cohort_get_for_user(user=request.user, pk=pk)
    planned = rounds.rotation_rounds_planned(cohort=cohort)
    form = RoundsProposeForm(request.POST or None, initial={"count": len(planned) or 1})
    write = lambda data: rounds.rotation_rounds_propose(cohort=cohort, count=data["count"], actor=request.user)  # noqa: E731
    if request.method == "POST" and form.is_valid() and (created := form_save(form, write)) is not None:
        messages.success(
            request,
            ngettext(
                "%(count)d round is created as a draft; edit its name and dates where needed.",
                "%(count)d rounds are created as drafts; edit their names and dates where needed.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect(setup_url(cohort.programme_id))
    context = {
        "cohort": cohort,
        "programme": cohort.programme,
        "planned": planned,
        "length": rounds.rotation_length_text(cohort.programme),
        "form": form,
    }
    return render(request, "rounds/rounds_propose.html", context)


@login_required
def round_edit(request, pk: int):
    require_leader(request)
    rotation_round = rotation_round_get_for_user(user=request.user, pk=pk)
    fields = ["name", "start_date", "end_date", "preferences_deadline"]
    initial = {field: getattr(rotation_round, field) for field in fields}
    return form_page(
        request,
        RotationRoundEditForm(request.POST or None, rotation_round=rotation_round, initial=initial),
        write=lambda data: rounds.rotation_round_update(rotation_round=rotation_round, actor=request.user, **data),
        done=lambda saved: _("Round %(name)s is saved.") % {"name": saved.name},
        next_url=lambda _saved: setup_url(rotation_round.cohort.programme_id),
        template=TEMPLATE,
        context={"title": _("Edit round"), "programme": rotation_round.cohort.programme},
    )
