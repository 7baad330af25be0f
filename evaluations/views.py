from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programmes.access import cohort_get_for_user, programme_get_for_user, programmes_for_user
from programmes.goal_scales import levels_of
from programmes.roles import require_leader

from . import access, exports, selectors, services
from .forms import (
    CohortReportForm,
    MomentForm,
    QuestionFormSet,
    QuestionnaireForm,
    ReopenForm,
    RequestBatchForm,
    ResponseForm,
    ResultsFilterForm,
)
from .models import GOAL_AUDIENCES, CohortReport, EvaluationRequest, Question, Response


@login_required
def my_evaluations(request):
    evaluation_requests = list(access.requests_for_respondent(request.user).order_by("state", "due_date"))
    about_me = list(selectors.supervisor_evaluations_about(user=request.user))
    return render(
        request, "evaluations/my_evaluations.html", {"evaluation_requests": evaluation_requests, "about_me": about_me}
    )


def _draft(evaluation_request) -> Response | None:
    return (
        Response.objects.filter(request=evaluation_request)
        .prefetch_related("answers__question", "goal_assessments")
        .first()
    )


def _draft_goal_levels(draft, scale: str) -> dict:
    """The draft's goal levels by goal id, those given on the programme's current scale only."""
    return {a.learning_goal_id: a.level for a in (draft.goal_assessments.all() if draft else []) if a.scale == scale}


def _draft_answers(draft) -> dict:
    """The saved draft's answers as form values, keyed by question id."""
    initial = {}
    for answer in draft.answers.all() if draft else []:
        kind = answer.question.kind
        if kind == Question.Kind.LIKERT:
            initial[answer.question_id] = str(answer.value)
        elif kind == Question.Kind.SINGLE:
            initial[answer.question_id] = answer.choices[0] if answer.choices else ""
        elif kind == Question.Kind.MULTIPLE:
            initial[answer.question_id] = answer.choices
        else:
            initial[answer.question_id] = answer.text
    return initial


@login_required
def respond(request, token):
    evaluation_request = access.request_get_for_respondent(user=request.user, token=token)
    if evaluation_request.state == EvaluationRequest.State.SUBMITTED:
        messages.info(request, _("You submitted this evaluation already; a submitted evaluation is final."))
        return redirect("evaluations:mine")
    if (
        evaluation_request.state == EvaluationRequest.State.EXPIRED
        or evaluation_request.due_date < timezone.localdate()
    ):
        return render(request, "evaluations/expired.html", {"evaluation_request": evaluation_request}, status=410)
    questions = list(evaluation_request.version.questions.all())
    scale = evaluation_request.placement.assignment.programme.goal_scale
    draft = _draft(evaluation_request)
    form = ResponseForm(
        request.POST or None,
        questions=questions,
        goals=list(evaluation_request.placement.learning_goals.all())
        if evaluation_request.audience in GOAL_AUDIENCES
        else [],
        goal_scale=levels_of(scale),
        initial_answers=_draft_answers(draft),
        initial_goals=_draft_goal_levels(draft, scale),
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.evaluation_response_save(
                request=evaluation_request,
                user=request.user,
                answers=form.answers(),
                goals=form.goal_levels(),
                submit=submit,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Thank you, your evaluation was submitted.") if submit else _("Draft saved."))
            return redirect("evaluations:mine")
    return render(request, "evaluations/respond.html", {"evaluation_request": evaluation_request, "form": form})


def _programme_for_leader(request, programme_pk):
    """The programme if the visitor leads it (admins: any); other leaders 404, non-leaders 403."""
    require_leader(request)
    return programme_get_for_user(user=request.user, pk=programme_pk)


PAGE_TEXTS = 50  # free texts per question on a page; the exports hold them all


def _results_for(request, programme_pk, text_limit=None):
    programme = _programme_for_leader(request, programme_pk)
    filters = ResultsFilterForm(request.GET or None, programme=programme)
    data = selectors.programme_results(
        programme=programme, include_texts=True, text_limit=text_limit, **filters.filters()
    )
    return data, filters


def _charts(data) -> list[dict]:
    return [
        {"id": f"chart-{r.question.pk}", "labels": list(r.counts), "values": list(r.counts.values())}
        for r in data.questions
        if r.question.kind != Question.Kind.TEXT
    ]


@login_required
def results(request, programme_pk):
    data, filters = _results_for(request, programme_pk, text_limit=PAGE_TEXTS)
    context = {
        "results": data,
        "charts": _charts(data),
        "cohorts": data.programme.cohorts.all(),
        "filters": filters,
        "query": request.GET.urlencode(),
    }
    return render(request, "evaluations/results.html", context)


@login_required
def results_csv(request, programme_pk):
    data, _filters = _results_for(request, programme_pk)
    return exports.csv_response(data, filename=f"evaluation-{data.programme.pk}.csv")


@login_required
def results_index(request):
    require_leader(request)
    programmes = list(programmes_for_user(request.user))
    counts = selectors.request_counts_by_programme(programmes=programmes, today=timezone.localdate())
    rows = [(p, counts.get(p.pk, {"open": 0, "overdue": 0})) for p in programmes]
    return render(request, "evaluations/results_index.html", {"rows": rows})


def _questions_posted(formset) -> list[dict]:
    # ordered_forms leaves out deleted forms, and blank extra forms, and puts forms without a position last.
    return [f.cleaned_data for f in formset.ordered_forms if f.cleaned_data]


@login_required
def questionnaire_edit(request, pk=None):
    """A leader's questionnaire builder: only questionnaires of their programmes or those programmes'
    organisations are found (others 404), and only those can be chosen as owner."""
    require_leader(request)
    questionnaire = access.questionnaire_get_for_user(user=request.user, pk=pk) if pk else None
    version = questionnaire.versions.order_by("-number").first() if questionnaire else None
    initial = [
        {"text": q.text, "kind": q.kind, "required": q.required, "choices": "\n".join(q.choices)}
        for q in (version.questions.all() if version else [])
    ]
    form = QuestionnaireForm(request.POST or None, instance=questionnaire, user=request.user)
    formset = QuestionFormSet(request.POST or None, initial=initial, prefix="questions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in QuestionnaireForm.Meta.fields}
        try:
            saved = services.questionnaire_save(
                questionnaire=questionnaire, fields=fields, questions=_questions_posted(formset), actor=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Questionnaire saved."))
            return redirect("evaluations:questionnaire_edit", pk=saved.pk)
    context = {
        "form": form,
        "formset": formset,
        "questionnaire": questionnaire,
        "version": version,
        "questionnaires": access.questionnaires_for_user(request.user).select_related("programme", "organisation"),
    }
    return render(request, "evaluations/questionnaire_form.html", context)


# --- leader: a programme's evaluation moments ------------------------------------------------------


@login_required
def moments(request, programme_pk):
    programme = _programme_for_leader(request, programme_pk)
    rows = selectors.moments_of_programme(programme=programme)
    return render(request, "evaluations/moments.html", {"programme": programme, "moments": rows})


def _moment_form_page(request, programme, moment):
    form = MomentForm(request.POST or None, programme=programme, moment=moment)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_moment_save(
                programme=programme,
                moment=moment,
                fields=form.cleaned_data,
                questionnaires=form.questionnaires(),
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Evaluation moment saved."))
            return redirect("evaluations:moments", programme_pk=programme.pk)
    context = {"programme": programme, "moment": moment, "form": form}
    return render(request, "evaluations/moment_form.html", context)


@login_required
def moment_new(request, programme_pk):
    return _moment_form_page(request, _programme_for_leader(request, programme_pk), None)


@login_required
def moment_edit(request, pk):
    require_leader(request)
    moment = access.moment_get_for_user(user=request.user, pk=pk)
    return _moment_form_page(request, moment.programme, moment)


@login_required
@require_POST
def moment_delete(request, pk):
    require_leader(request)
    moment = access.moment_get_for_user(user=request.user, pk=pk)
    try:
        services.evaluation_moment_delete(moment=moment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Evaluation moment deleted."))
    return redirect("evaluations:moments", programme_pk=moment.programme_id)


@login_required
def results_xlsx(request, programme_pk):
    data, _filters = _results_for(request, programme_pk)
    return exports.xlsx_response(data, filename=f"evaluation-{data.programme.pk}.xlsx")


@login_required
def cohort_report(request, cohort_pk):
    require_leader(request)
    cohort = cohort_get_for_user(user=request.user, pk=cohort_pk)
    report = CohortReport.objects.filter(cohort=cohort).first()
    form = CohortReportForm(request.POST or None, initial={"summary": report.summary if report else ""})
    if request.method == "POST" and form.is_valid():
        services.cohort_report_save(cohort=cohort, summary=form.cleaned_data["summary"], actor=request.user)
        messages.success(request, _("Summary saved."))
        return redirect("evaluations:cohort_report", cohort_pk=cohort.pk)
    results = selectors.programme_results(
        programme=cohort.programme, include_texts=True, cohort=cohort, text_limit=PAGE_TEXTS
    )
    charts = _charts(results)
    return render(
        request,
        "evaluations/cohort_report.html",
        {
            "cohort": cohort,
            "report": report,
            "form": form,
            "results": results,
            "placements": selectors.cohort_placements(cohort=cohort),
            "charts": charts,
        },
    )


# --- leader: hand-made requests and what expired ---------------------------------------------------


def _batch_message(batch) -> str:
    parts = [
        ngettext("%(n)d evaluation request created.", "%(n)d evaluation requests created.", len(batch.created))
        % {"n": len(batch.created)}
    ]
    if batch.existing:
        parts.append(
            ngettext("%(n)d skipped: it exists already.", "%(n)d skipped: they exist already.", batch.existing)
            % {"n": batch.existing}
        )
    if batch.no_supervisor:
        parts.append(_("%(n)d skipped: no supervisor.") % {"n": batch.no_supervisor})
    if batch.no_questionnaire:
        parts.append(_("%(n)d skipped: no active questionnaire.") % {"n": batch.no_questionnaire})
    return " ".join(parts)


def _chosen_moment(request, moments):
    """The moment whose requests the selection page shows: the one asked for, else the programme's last."""
    chosen = request.POST.get("moment") or request.GET.get("moment")
    by_pk = {str(moment.pk): moment for moment in moments}
    return by_pk.get(chosen) or (moments[-1] if moments else None)


@login_required
def requests_new(request, programme_pk):
    programme = _programme_for_leader(request, programme_pk)
    filters = ResultsFilterForm(request.GET or None, programme=programme)
    moment_list = list(programme.evaluation_moments.order_by("position", "placement_share", "offset_days", "id"))
    moment = _chosen_moment(request, moment_list)
    placements = selectors.placements_for_requests(programme=programme, moment=moment, **filters.filters())
    form = RequestBatchForm(
        request.POST or None,
        placements=placements,
        moments=programme.evaluation_moments.all(),
        initial={"moment": moment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.evaluation_requests_create(
                placements=form.cleaned_data["placements"],
                moment=form.cleaned_data["moment"],
                audiences=form.cleaned_data["audiences"],
                due_date=form.cleaned_data["due_date"],
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            level = messages.SUCCESS if batch.created else messages.WARNING
            messages.add_message(request, level, _batch_message(batch))
            return redirect("evaluations:results", programme_pk=programme.pk)
    context = {
        "programme": programme,
        "filters": filters,
        "form": form,
        "placements": list(placements),
        "moments": moment_list,
        "moment": moment,
    }
    return render(request, "evaluations/requests_new.html", context)


@login_required
def overdue(request, programme_pk):
    programme = _programme_for_leader(request, programme_pk)
    rows = list(selectors.overdue_requests(programme=programme, today=timezone.localdate()))
    return render(request, "evaluations/overdue.html", {"programme": programme, "rows": rows, "form": ReopenForm()})


@login_required
@require_POST
def request_reopen(request, pk):
    require_leader(request)
    evaluation_request = access.overdue_request_get_for_leader(user=request.user, pk=pk)
    programme = evaluation_request.placement.assignment.programme
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid new due date."))
    else:
        try:
            services.evaluation_request_reopen(
                request=evaluation_request, due_date=form.cleaned_data["due_date"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The evaluation is open again; the respondent got the link by e-mail."))
    return redirect("evaluations:overdue", programme_pk=programme.pk)
