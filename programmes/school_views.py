"""The schools of a programme, for its leaders: which schools take part, and each student's school and
school supervisor. Thin: the rules are in programmes.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import programme_get_for_user, programme_student_get_for_user
from .forms import ProgrammeSchoolForm, StudentSchoolForm
from .models import ProgrammeSchool
from .roles import require_leader

STUDENTS_PER_PAGE = 100


@login_required
def programme_schools(request, programme_pk):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    form = ProgrammeSchoolForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        try:
            services.programme_school_add(programme=programme, school=school, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(school)s takes part in the programme.") % {"school": school.name})
            return redirect("programmes:programme_schools", programme_pk=programme.pk)
    students = Paginator(selectors.students_of_programme(programme=programme), STUDENTS_PER_PAGE)
    context = {
        "programme": programme,
        "form": form,
        "links": selectors.programme_school_links(programme=programme),
        "students": students.get_page(request.GET.get("page")),
    }
    return render(request, "programmes/programme_schools.html", context)


@login_required
@require_POST
def programme_school_remove(request, programme_pk, school_pk):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    link = get_object_or_404(ProgrammeSchool.objects.select_related("school"), programme=programme, school_id=school_pk)
    services.programme_school_remove(link=link, actor=request.user)
    messages.success(request, _("%(school)s no longer takes part.") % {"school": link.school.name})
    return redirect("programmes:programme_schools", programme_pk=programme.pk)


@login_required
def student_school(request, programme_pk, student_id):
    require_leader(request)
    programme = programme_get_for_user(user=request.user, pk=programme_pk)
    student = programme_student_get_for_user(user=request.user, programme=programme, pk=student_id)
    initial = {"school": student.school_id, "school_supervisor": student.school_supervisor_id}
    form = StudentSchoolForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_school_set(student=student, programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(student)s's school is saved.") % {"student": student.user.name})
            return redirect("programmes:programme_schools", programme_pk=programme.pk)
    return render(
        request, "programmes/student_school_form.html", {"programme": programme, "student": student, "form": form}
    )
