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
from .forms import ImportForm
from .kinds import KINDS


@login_required
def import_new(request):
    require_leader(request)
    form = ImportForm(request.POST or None, request.FILES or None, programmes=programmes_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if job.error_count:
                messages.warning(
                    request, _("The file has errors; nothing was imported. Correct them and upload again.")
                )
            else:
                messages.success(request, _("Every row is valid. Check the preview and start the import."))
            return redirect("imports:import_detail", public_id=job.public_id)
    jobs = access.import_jobs_for_user(request.user)[:10]
    return render(request, "imports/import_new.html", {"form": form, "jobs": jobs, "kinds": KINDS.values()})


@login_required
def import_detail(request, public_id):
    job = access.import_job_get_for_user(user=request.user, public_id=public_id)
    columns = KINDS[job.kind].columns
    return render(
        request,
        "imports/import_detail.html",
        {"job": job, "columns": columns, "done": services.import_progress(job)},
    )


@login_required
def import_progress(request, public_id):
    """The progress card, polled by htmx every second until the job has finished."""
    job = access.import_job_get_for_user(user=request.user, public_id=public_id)
    return render(request, "imports/_progress.html", {"job": job, "done": services.import_progress(job)})


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
