"""A placement's learning goals: leaders of its programme add, reword, remove and copy them from the
programme's standard goals, on any placement (ad hoc, group or from a round). Thin: the rules are in
placements.services; the goals and their levels are shown on the placement's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .access import placement_can_change, placement_get_for_user
from .forms import GoalCopyForm, LearningGoalForm


def _placement_to_change(request, public_id):
    """The placement if the visitor may change it; its student and supervisor get a 403, others a 404."""
    placement = placement_get_for_user(user=request.user, public_id=public_id)
    if not placement_can_change(user=request.user, placement=placement):
        raise PermissionDenied
    return placement


def _back(placement):
    """To the goals on the placement's page."""
    return redirect(reverse("placements:placement_detail", args=[placement.public_id]) + "#learning-goals")


@login_required
def learning_goal_create(request, public_id):
    placement = _placement_to_change(request, public_id)
    form = LearningGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_goal_create(
                placement=placement, description=form.cleaned_data["description"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error("description", exc)
        else:
            messages.success(request, _("Learning goal added."))
            return _back(placement)
    return render(request, "placements/learning_goal_form.html", {"placement": placement, "form": form})


@login_required
def learning_goal_edit(request, public_id, goal_pk):
    placement = _placement_to_change(request, public_id)
    goal = get_object_or_404(placement.learning_goals, pk=goal_pk)
    form = LearningGoalForm(request.POST or None, initial={"description": goal.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_goal_update(goal=goal, description=form.cleaned_data["description"], actor=request.user)
        except ValidationError as exc:
            form.add_error("description", exc)
        else:
            messages.success(request, _("Learning goal saved."))
            return _back(placement)
    context = {"placement": placement, "form": form, "goal": goal}
    return render(request, "placements/learning_goal_form.html", context)


@login_required
@require_POST
def learning_goal_delete(request, public_id, goal_pk):
    placement = _placement_to_change(request, public_id)
    goal = get_object_or_404(placement.learning_goals, pk=goal_pk)
    try:
        services.learning_goal_delete(goal=goal, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Learning goal removed."))
    return _back(placement)


@login_required
@require_POST
def learning_goals_copy(request, public_id):
    placement = _placement_to_change(request, public_id)
    form = GoalCopyForm(request.POST, programme=placement.assignment.programme)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["goals"]))
        return _back(placement)
    try:
        copied = services.learning_goals_copy(
            placement=placement, goals=list(form.cleaned_data["goals"]), actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = ngettext("%(n)d learning goal copied.", "%(n)d learning goals copied.", len(copied))
        messages.success(request, text % {"n": len(copied)})
    return _back(placement)
