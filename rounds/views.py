"""Pages of rotation rounds (leader: rounds, review board; student: ranking) and group placements.

Thin views: data from placements.round_selectors, writes through placements.rounds / services, every
refusal of a service shown as a message. Rounds outside the person's scope are a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.fixes import error_codes, message_with_links
from programmes.access import cohorts_for_user, rotation_round_get_for_user
from programmes.roles import require_leader

from . import exports
from . import selectors as round_selectors
from . import services as rounds
from .forms import PreferencesForm, ProposalMoveForm, RotationRoundForm

State = rounds.State


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def round_list(request):
    require_leader(request)
    cohorts = round_selectors.cohorts_with_rounds(user=request.user)
    return render(request, "rounds/round_list.html", {"cohorts": cohorts})


@login_required
def round_create(request):
    require_leader(request)
    form = RotationRoundForm(
        request.POST or None,
        cohorts=cohorts_for_user(request.user),
        initial={"cohort": request.GET.get("cohort")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            rotation_round = rounds.rotation_round_create(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The rotation round “%(name)s” is created as a draft.") % {"name": rotation_round.name}
            )
            return redirect("rounds:round_detail", pk=rotation_round.pk)
    return render(request, "rounds/round_form.html", {"form": form})


def _actions(rotation_round) -> list[dict]:
    """The buttons of the next steps allowed from the round's state (rounds.TRANSITIONS decides)."""
    labels = {
        State.DRAFT: _("Back to draft"),
        State.PREFERENCES_OPEN: _("Open preferences"),
        State.MATCHED: _("Run matching"),
        State.PUBLISHED: _("Publish placements"),
        State.RUNNING: _("Mark as running"),
        State.CLOSED: _("Close round"),
    }
    if rotation_round.state == State.MATCHED:
        labels[State.PREFERENCES_OPEN] = _("Reopen preferences")
    actions = []
    for state in State.values:
        if state not in rounds.TRANSITIONS[rotation_round.state]:
            continue
        url = {State.MATCHED: "rounds:round_match", State.PUBLISHED: "rounds:round_publish"}.get(
            state, "rounds:round_set_state"
        )
        primary = State.values.index(state) > State.values.index(rotation_round.state)  # a step forward
        confirm = state == State.PUBLISHED  # a link to the confirmation page, not a POST
        actions.append({"state": state, "label": labels[state], "url": url, "primary": primary, "confirm": confirm})
    if rotation_round.state == State.MATCHED:
        again = {"state": State.MATCHED, "label": _("Run matching again"), "url": "rounds:round_match"}
        actions.insert(0, {**again, "primary": False})
    return actions


@login_required
def round_detail(request, pk):
    require_leader(request)
    rotation_round = rotation_round_get_for_user(user=request.user, pk=pk)
    run = round_selectors.matching_run_latest(rotation_round=rotation_round)
    matching = run is not None and run.in_progress  # the buttons wait until the run has finished
    context = {
        "round": rotation_round,
        "actions": [] if matching else _actions(rotation_round),
        "run": run if run is not None and (matching or _run_worth_telling(run, rotation_round)) else None,
        "matching": matching,
    }
    if rotation_round.state == State.PREFERENCES_OPEN:
        context["not_ranked"] = list(rounds.students_without_preferences(rotation_round))
    if rotation_round.state != State.DRAFT:
        page, rankings = round_selectors.round_rankings(
            rotation_round=rotation_round, page_number=request.GET.get("page")
        )
        context.update(rankings_page=page, rankings=rankings)
    if rotation_round.state in (State.PUBLISHED, State.RUNNING, State.CLOSED):
        context["told"] = round_selectors.publication_told(rotation_round=rotation_round)
    if rotation_round.state not in (State.DRAFT, State.PREFERENCES_OPEN):
        board = round_selectors.round_review(rotation_round=rotation_round)
        context["board"] = board
        if rotation_round.state == State.MATCHED and not matching:
            context["move_form"] = ProposalMoveForm(rotation_round=rotation_round, offered=board.offered)
    return render(request, "rounds/round_detail.html", context)


def _run_worth_telling(run, rotation_round) -> bool:
    """A failed or stalled last run, while the round can still be matched (the button is there again)."""
    unsuccessful = run.state == run.State.FAILED or run.stalled
    return unsuccessful and rotation_round.state in (State.PREFERENCES_OPEN, State.MATCHED)


@login_required
def round_matching_progress(request, pk):
    """The matching's progress card, polled by htmx every second while the run is queued or running;
    once it has finished, htmx reloads the round's page."""
    require_leader(request)
    rotation_round = rotation_round_get_for_user(user=request.user, pk=pk)
    run = round_selectors.matching_run_latest(rotation_round=rotation_round)
    response = render(request, "rounds/_matching_progress.html", {"round": rotation_round, "run": run})
    if run is not None and not run.in_progress and request.headers.get("HX-Request"):
        if run.state == run.State.DONE:
            counts = round_selectors.proposal_counts(rotation_round=rotation_round)
            text = ngettext(
                "Matching done: %(placed)d of %(total)d student has a proposed assignment. Review and publish.",
                "Matching done: %(placed)d of %(total)d students have a proposed assignment. Review and publish.",
                counts["total"],
            )
            messages.success(request, text % counts)
        response["HX-Refresh"] = "true"  # the whole page: the proposal, or the error and the button again
    return response


def _documents_fix(rotation_round, exc: ValidationError) -> list[tuple[str, str]]:
    """A refusal for documents links to the programme's documents page, where they are recorded."""
    if "documents" not in error_codes(exc):
        return []
    url = reverse("documents:programme_documents", args=[rotation_round.cohort.programme_id])
    return [(_("Documents of the programme"), url)]


def _round_action(request, pk, act):
    """A leader's button on a round: `act(rotation_round)` calls the service and returns the success
    message; a rule it breaks (ValidationError) becomes the error message, with a link to where it is put
    right. Back to the round either way."""
    require_leader(request)
    rotation_round = rotation_round_get_for_user(user=request.user, pk=pk)
    try:
        message = act(rotation_round)
    except ValidationError as exc:
        messages.error(request, message_with_links(_error_text(exc), _documents_fix(rotation_round, exc)))
    else:
        messages.success(request, message)
    return redirect("rounds:round_detail", pk=pk)


SHOWN_BLOCKED = 10  # the rest is on each placement's page and in the leaders' e-mail


def _start_lines(rotation_round, outcome) -> list[str]:
    """The round's placements after "Mark as running": started, held back (and why), or starting later."""
    started = len(outcome.started)
    lines = [ngettext("%(count)d placement started.", "%(count)d placements started.", started) % {"count": started}]
    for start, reasons in outcome.blocked[:SHOWN_BLOCKED]:
        lines.append(
            _("%(placement)s could not start: %(reasons)s") % {"placement": start.label, "reasons": " ".join(reasons)}
        )
    if len(outcome.blocked) > SHOWN_BLOCKED:
        more = len(outcome.blocked) - SHOWN_BLOCKED
        lines.append(ngettext("And %(count)d more.", "And %(count)d more.", more) % {"count": more})
    if rotation_round.start_date > timezone.localdate():
        lines.append(_("The placements start on their start date, once their documents are in order."))
    return lines


@login_required
@require_POST
def round_set_state(request, pk):
    state = request.POST.get("state", "")

    def act(rotation_round):
        if state not in State.values:
            raise ValidationError(_("Unknown step; nothing was changed."))
        done = _("The round is now: %(state)s.") % {"state": State(state).label}
        if state == State.RUNNING:  # its placements start too: say what became of them
            outcome = rounds.rotation_round_run(rotation_round=rotation_round, actor=request.user)
            return " ".join([done, *_start_lines(rotation_round, outcome)])
        rounds.rotation_round_set_state(rotation_round=rotation_round, state=state, actor=request.user)
        return done

    return _round_action(request, pk, act)


@login_required
@require_POST
def round_match(request, pk):
    """Queue the matching (rounds.tasks.matching_run_execute); the round's page shows its progress."""

    def act(rotation_round):
        rounds.matching_run_start(rotation_round=rotation_round, actor=request.user)
        return _("The matching has started; this page shows its progress and then the proposal.")

    return _round_action(request, pk, act)


@login_required
@require_POST
def round_move(request, pk):
    require_leader(request)
    rotation_round = rotation_round_get_for_user(user=request.user, pk=pk)
    offered = rounds.offered_assignments(rotation_round)
    form = ProposalMoveForm(request.POST, rotation_round=rotation_round, offered=offered)
    if not form.is_valid():
        messages.error(request, _("Choose a student of this round and an assignment on offer."))
        return redirect("rounds:round_detail", pk=pk)
    proposal, assignment = form.cleaned_data["proposal"], form.cleaned_data["assignment"]
    try:
        rounds.match_proposal_move(proposal=proposal, assignment=assignment, actor=request.user)
    except ValidationError as exc:
        error = _("%(student)s was not moved: %(error)s") % {"student": proposal.student, "error": _error_text(exc)}
        fixes = [(str(proposal.student), reverse("dashboards:student_detail", args=[proposal.student_id]))]
        if "supervisor_load" in error_codes(exc):
            fixes.append((_("Supervisor load"), reverse("placements:supervisor_load")))
        messages.error(request, message_with_links(error, fixes))
    else:
        target = assignment.title if assignment else _("no assignment")
        messages.success(
            request, _("%(student)s is moved to %(target)s.") % {"student": proposal.student, "target": target}
        )
    return redirect("rounds:round_detail", pk=pk)


@login_required
def round_publish(request, pk):
    """GET: what publishing will do (placements, e-mails, blockers) and a confirm button; POST: publish."""
    if request.method != "POST":
        require_leader(request)
        rotation_round = rotation_round_get_for_user(user=request.user, pk=pk)
        if rotation_round.state != State.MATCHED:
            messages.error(request, _("Only a matched round can be published."))
            return redirect("rounds:round_detail", pk=pk)
        preview = round_selectors.publication_preview(rotation_round=rotation_round)
        return render(request, "rounds/round_publish.html", {"round": rotation_round, "preview": preview})

    def act(rotation_round):
        placements = rounds.rotation_round_publish(rotation_round=rotation_round, actor=request.user)
        return ngettext(
            "Published: %(count)d placement is created; the student and their supervisor are told by e-mail.",
            "Published: %(count)d placements are created; the students and their supervisors are told by e-mail.",
            len(placements),
        ) % {"count": len(placements)}

    return _round_action(request, pk, act)


@login_required
def student_preferences(request, pk):
    student = getattr(request.user, "student", None)
    if student is None:
        raise Http404
    rotation_round = round_selectors.round_get_for_student(student=student, pk=pk)
    offered = rounds.offered_to_student(rotation_round, student)
    ranking = round_selectors.student_ranking(student=student, rotation_round=rotation_round)
    data = request.POST if request.method == "POST" else None  # an all-empty ranking is still a submission
    form = PreferencesForm(data, offered=offered, current=[p.assignment_id for p in ranking])
    if request.method == "POST" and form.is_valid():
        try:
            rounds.preferences_set(
                student=student, rotation_round=rotation_round, assignment_ids=form.assignment_ids(), actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your ranking is saved. You can change it until the deadline."))
            return redirect("rounds:student_preferences", pk=pk)
    context = {
        "round": rotation_round,
        "offered": offered,
        "ranking": ranking,
        "form": form,
        "is_open": rotation_round.state == State.PREFERENCES_OPEN,
        "minimum": min(rounds.MIN_PREFERENCES, len(offered)),
    }
    return render(request, "rounds/student_preferences.html", context)


@login_required
def round_preferences_export(request, pk):
    """Every student's ranked choices of the round, as CSV (';', UTF-8 with BOM) or XLSX (?format=xlsx)."""
    require_leader(request)
    rotation_round = rotation_round_get_for_user(user=request.user, pk=pk)
    kind = request.GET.get("format", "csv")
    if kind not in ("csv", "xlsx"):
        messages.error(request, _("The export could not be made: choose CSV or XLSX."))
        return redirect("rounds:round_detail", pk=pk)
    name = f"preferences-round-{rotation_round.pk}.{kind}"
    if kind == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(rotation_round),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.csv_text(rotation_round), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
