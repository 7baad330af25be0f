from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.responses import private
from programmes.access import programme_get_for_user, programmes_for_user
from programmes.models import Student
from programmes.roles import require_leader

from . import access, selectors, services
from .forms import DocumentRecordForm, DocumentUploadForm
from .models import DocumentRequirement


@login_required
def documents_index(request):
    """The leader's way in from the navigation: the documents page of their programme, or a choice of them."""
    require_leader(request)
    programmes = list(programmes_for_user(request.user).order_by("-start_date", "name")[:2])
    if len(programmes) == 1:
        return redirect("documents:programme_documents", programme_id=programmes[0].pk)
    programmes = programmes_for_user(request.user).order_by("-start_date", "name")
    return render(request, "documents/documents_index.html", {"programmes": programmes})


@login_required
def programme_documents(request, programme_id):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_id)
    requirements, rows = selectors.documents_overview(programme=programme, today=timezone.localdate())
    context = {"programme": programme, "requirements": requirements, "rows": rows}
    return render(request, "documents/programme_documents.html", context)


@login_required
def student_document_record(request, programme_id, student_id):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_id)
    student = get_object_or_404(
        Student.objects.filter(cohorts__programme=programme).distinct().select_related("user"), pk=student_id
    )
    form = DocumentRecordForm(request.POST or None, request.FILES or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.student_document_record(
                student=student,
                requirement=data["requirement"],
                status=data["status"],
                expires_on=data["expires_on"],
                upload=data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The document of %(student)s is recorded.") % {"student": student})
            return redirect("documents:programme_documents", programme_id=programme.pk)
    return render(request, "documents/record_form.html", {"form": form, "programme": programme, "student": student})


@login_required
def my_documents(request):
    student = getattr(request.user, "student", None)
    if student is None:
        raise Http404
    requirements = DocumentRequirement.objects.filter(programme__cohorts__students=student).distinct()
    requirements = requirements.exclude(agreed_in_portal=True)  # agreed on the placement's page, not uploaded
    form = DocumentUploadForm(request.POST or None, request.FILES or None, requirements=requirements)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_document_upload(
                student=student,
                requirement=form.cleaned_data["requirement"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you, your document has been received."))
            return redirect("documents:my_documents")
    cells = selectors.documents_of_student(student=student, today=timezone.localdate())
    return render(request, "documents/my_documents.html", {"cells": cells, "form": form})


@login_required
def document_download(request, pk):
    document = access.student_document_get_for_user(user=request.user, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )
    return private(response)
