from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programmes.access import programmes_for_user
from programmes.roles import require_leader

from . import access, services
from .forms import ColumnMappingForm, ImportForm
from .kinds import COLUMN_LABELS, KINDS


@login_required
def import_new(request):
    require_leader(request)
    form = ImportForm(request.POST or None, request.FILES or None, programmes=programmes_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_upload(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                cohort=form.cleaned_data["cohort"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.info(request, _("The file has been uploaded; every row is being checked."))
            return redirect("imports:import_detail", public_id=job.public_id)
    jobs = access.import_jobs_for_user(request.user)[:10]
    return render(
        request,
        "imports/import_new.html",
        {"form": form, "jobs": jobs, "kinds": KINDS.values(), "labels": COLUMN_LABELS},
    )


def _progress_context(job) -> dict:
    return {"job": job, "done": services.import_progress(job), "stalled": services.import_job_stalled(job)}


@login_required
def import_detail(request, public_id):
    job = access.import_job_get_for_user(user=request.user, public_id=public_id)
    kind = KINDS[job.kind]
    context = _progress_context(job) | {
        "columns": [COLUMN_LABELS.get(c, c) for c in kind.preview_columns],
        "mapping_form": ColumnMappingForm(job=job, labels=COLUMN_LABELS) if job.unknown_columns else None,
    }
    return render(request, "imports/import_detail.html", context)


@login_required
def import_progress(request, public_id):
    """The progress card, polled by htmx every second until the job has finished."""
    job = access.import_job_get_for_user(user=request.user, public_id=public_id)
    response = render(request, "imports/_progress.html", _progress_context(job))
    if job.state in (job.State.VALID, job.State.INVALID):
        response["HX-Refresh"] = "true"  # the check is done: the whole page shows the preview or the errors
    return response


@login_required
@require_POST
def import_map(request, public_id):
    """The leader's field for each column of a file with unknown columns; remembered, then checked again."""
    job = access.import_job_get_for_user(user=request.user, public_id=public_id)
    form = ColumnMappingForm(request.POST, job=job, labels=COLUMN_LABELS)
    if form.is_valid():
        try:
            services.import_job_map(job=job, actor=request.user, mapping=form.mapping())
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.info(request, _("The columns are mapped and remembered; the file is being checked again."))
    else:
        messages.error(request, _("Choose a field or ignore for each column."))
    return redirect("imports:import_detail", public_id=job.public_id)


@login_required
@require_POST
def import_apply(request, public_id):
    job = access.import_job_get_for_user(user=request.user, public_id=public_id)
    try:
        job = services.import_job_queue(job=job, actor=request.user, invite=request.POST.get("invite") == "1")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if job.state == job.State.DONE:
            text = ngettext(
                "The import is complete: %(count)d row.", "The import is complete: %(count)d rows.", job.total
            )
            messages.success(request, text % {"count": job.total})
        elif job.state == job.State.FAILED:
            messages.error(request, _("The import failed; nothing was imported."))
        else:
            messages.info(request, _("The import has started; this page shows its progress."))
    return redirect("imports:import_detail", public_id=job.public_id)
