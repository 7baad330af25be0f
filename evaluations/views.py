import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import roles_of
from placements.models import Cohort, Programme
from placements.selectors import programme_get_for_leader, programmes_led_by

from . import selectors, services
from .forms import CohortReportForm, QuestionFormSet, QuestionnaireForm, ResponseForm
from .models import CohortReport, EvaluationRequest, Question, Questionnaire, Response


@login_required
def my_evaluations(request):
    evaluation_requests = list(selectors.requests_for_respondent(request.user).order_by("state", "due_date"))
    about_me = list(selectors.supervisor_evaluations_about(user=request.user))
    return render(
        request, "evaluations/my_evaluations.html", {"evaluation_requests": evaluation_requests, "about_me": about_me}
    )


def _draft_answers(evaluation_request) -> dict:
    """The saved draft's answers as form values, keyed by question id."""
    draft = Response.objects.filter(request=evaluation_request).prefetch_related("answers__question").first()
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
    evaluation_request = selectors.request_get_for_respondent(user=request.user, token=token)
    if evaluation_request.state == EvaluationRequest.State.SUBMITTED:
        messages.info(request, _("You submitted this evaluation already; a submitted evaluation is final."))
        return redirect("evaluations:mine")
    if (
        evaluation_request.state == EvaluationRequest.State.EXPIRED
        or evaluation_request.due_date < timezone.localdate()
    ):
        return render(request, "evaluations/expired.html", {"evaluation_request": evaluation_request}, status=410)
    questions = list(evaluation_request.version.questions.all())
    placement = evaluation_request.placement
    goals = []
    if evaluation_request.audience == "supervisor" and placement.assignment.programme.kind in services.INTERNSHIP_KINDS:
        goals = list(placement.learning_goals.all())
    initial = _draft_answers(evaluation_request)
    form = ResponseForm(request.POST or None, questions=questions, goals=goals, initial_answers=initial)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.evaluation_response_save(
                request=evaluation_request,
                user=request.user,
                answers=form.answers(),
                goals=form.goal_answers(),
                submit=submit,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Thank you, your evaluation was submitted.") if submit else _("Draft saved."))
            return redirect("evaluations:mine")
    return render(request, "evaluations/respond.html", {"evaluation_request": evaluation_request, "form": form})


def _results_for(request, programme_pk):
    roles = roles_of(request.user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    programme = programme_get_for_leader(user=request.user, pk=programme_pk)
    return selectors.programme_results(programme=programme, include_texts=True)


def _charts(data) -> list[dict]:
    return [
        {"id": f"chart-{r.question.pk}", "labels": list(r.counts), "values": list(r.counts.values())}
        for r in data.questions
        if r.question.kind != Question.Kind.TEXT
    ]


@login_required
def results(request, programme_pk):
    data = _results_for(request, programme_pk)
    charts = _charts(data)
    cohorts = data.programme.cohorts.all()
    return render(request, "evaluations/results.html", {"results": data, "charts": charts, "cohorts": cohorts})


@login_required
def results_csv(request, programme_pk):
    data = _results_for(request, programme_pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{data.programme.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["question", "kind", "option", "count", "average", "answered"])
    for result in data.questions:
        for option, count in result.counts.items():
            writer.writerow(
                [result.question.text, result.question.kind, option, count, result.average, result.answered]
            )
    return response


@login_required
def results_index(request):
    roles = roles_of(request.user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    return render(request, "evaluations/results_index.html", {"programmes": programmes_led_by(request.user)})


@login_required
def questionnaire_edit(request, pk=None):
    roles = roles_of(request.user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    questionnaire = get_object_or_404(Questionnaire, pk=pk) if pk else None
    version = questionnaire.versions.order_by("-number").first() if questionnaire else None
    initial = [
        {"text": q.text, "kind": q.kind, "required": q.required, "choices": "\n".join(q.choices)}
        for q in (version.questions.all() if version else [])
    ]
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    formset = QuestionFormSet(request.POST or None, initial=initial, prefix="questions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        questions = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not questions:
            messages.error(request, _("A questionnaire needs at least one question."))
        else:
            saved = form.save()
            services.questionnaire_save_questions(questionnaire=saved, questions=questions, actor=request.user)
            messages.success(request, _("Questionnaire saved."))
            return redirect("evaluations:questionnaire_edit", pk=saved.pk)
    return render(
        request,
        "evaluations/questionnaire_form.html",
        {
            "form": form,
            "formset": formset,
            "questionnaire": questionnaire,
            "version": version,
            "questionnaires": Questionnaire.objects.all(),
            "programme_kinds": Programme.Kind,
        },
    )


@login_required
def results_xlsx(request, programme_pk):
    from openpyxl import Workbook

    data = _results_for(request, programme_pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Results"
    sheet.append(["question", "kind", "option", "count", "average", "answered"])
    for result in data.questions:
        for option, count in result.counts.items():
            sheet.append([result.question.text, result.question.kind, option, count, result.average, result.answered])
    rates = workbook.create_sheet("Response rates")
    rates.append(["cohort", "unit", "respondent", "requests", "submitted", "expired", "rate %"])
    for row in data.rates:
        rates.append(
            [
                row["placement__rotation_round__cohort__name"],
                row["placement__assignment__unit__name"],
                row["audience"],
                row["total"],
                row["submitted"],
                row["expired"],
                row["rate"],
            ]
        )
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{data.programme.pk}.xlsx"'
    workbook.save(response)
    return response


@login_required
def cohort_report(request, cohort_pk):
    roles = roles_of(request.user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    cohort = get_object_or_404(
        Cohort.objects.select_related("programme").filter(programme__in=programmes_led_by(request.user)), pk=cohort_pk
    )
    report = CohortReport.objects.filter(cohort=cohort).first()
    form = CohortReportForm(request.POST or None, initial={"summary": report.summary if report else ""})
    if request.method == "POST" and form.is_valid():
        services.cohort_report_save(cohort=cohort, summary=form.cleaned_data["summary"], actor=request.user)
        messages.success(request, _("Summary saved."))
        return redirect("evaluations:cohort_report", cohort_pk=cohort.pk)
    results = selectors.programme_results(programme=cohort.programme, include_texts=True, cohort=cohort)
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
