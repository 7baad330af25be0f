"""The programme's learning goal settings, for its leaders: the scale goals are assessed on and the list of
standard goals to copy onto placements. Thin: the rules are in programmes.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import programme_get_for_user, programme_goal_get_for_user
from .forms import GoalScaleForm, ProgrammeGoalForm
from .roles import require_leader


def _saved(request, form, save) -> bool:
    """Run `save` (a service call) if the bound form is valid; a ValidationError becomes a form error."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


@login_required
def programme_goals(request, programme_pk):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    posted = request.POST if request.method == "POST" else None
    scale_form = GoalScaleForm(
        posted if "scale" in request.POST else None, initial={"goal_scale": programme.goal_scale}
    )
    goal_form = ProgrammeGoalForm(posted if "add" in request.POST else None)
    if scale_form.is_bound and _saved(
        request,
        scale_form,
        lambda data: services.programme_goal_scale_set(
            programme=programme, scale=data["goal_scale"], actor=request.user
        ),
    ):
        messages.success(request, _("The scale is saved."))
        return redirect("programmes:programme_goals", programme_pk=programme.pk)
    if goal_form.is_bound and _saved(
        request,
        goal_form,
        lambda data: services.programme_goal_create(
            programme=programme, description=data["description"], actor=request.user
        ),
    ):
        messages.success(request, _("Standard learning goal added."))
        return redirect("programmes:programme_goals", programme_pk=programme.pk)
    context = {
        "programme": programme,
        "scale_form": scale_form,
        "goal_form": goal_form,
        "goals": list(programme.standard_goals.all()),
    }
    return render(request, "programmes/programme_goals.html", context)


@login_required
def programme_goal_edit(request, pk):
    require_leader(request)
    goal = programme_goal_get_for_user(user=request.user, pk=pk)
    form = ProgrammeGoalForm(request.POST or None, initial={"description": goal.description})
    if request.method == "POST" and _saved(
        request,
        form,
        lambda data: services.programme_goal_update(goal=goal, description=data["description"], actor=request.user),
    ):
        messages.success(request, _("Standard learning goal saved."))
        return redirect("programmes:programme_goals", programme_pk=goal.programme_id)
    return render(request, "programmes/programme_goal_form.html", {"goal": goal, "form": form})


@login_required
@require_POST
def programme_goal_delete(request, pk):
    require_leader(request)
    goal = programme_goal_get_for_user(user=request.user, pk=pk)
    services.programme_goal_delete(goal=goal, actor=request.user)
    messages.success(request, _("Standard learning goal removed; placements keep their copies."))
    return redirect("programmes:programme_goals", programme_pk=goal.programme_id)
