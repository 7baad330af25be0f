"""Pages of programmes and their people: inviting a student or supervisor, the e-mails sent about a student."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import id_from_text
from notifications.selectors import notifications_about

from . import services
from .access import programmes_for_user, student_get_for_user
from .forms import InvitationForm
from .models import Cohort
from .roles import require_leader


@login_required
def invitation_create(request):
    """A leader invites a student into one of their cohorts, or a supervisor into a unit of their programmes."""
    require_leader(request)
    programmes = programmes_for_user(request.user)
    _404_outside_scope(request.POST.get("cohort"), programmes)
    form = InvitationForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_create(actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s is invited; an e-mail with a link to choose a password is on its way to %(email)s.")
                % {"name": user.name, "email": user.email},
            )
            return redirect("programmes:invitation_create")
    return render(request, "programmes/invitation_form.html", {"form": form})


def _404_outside_scope(cohort_pk, programmes):
    """A cohort of someone else's programme is not found (404), like every object outside one's scope."""
    if (cohort_id := id_from_text(cohort_pk)) is not None:
        cohort = Cohort.objects.filter(pk=cohort_id).first()
        if cohort is not None and not programmes.filter(pk=cohort.programme_id).exists():
            raise Http404


@login_required
def student_messages(request, student_id: int):
    """Every e-mail about one student: what, to whom, why, when. Leaders of the student's programmes only."""
    require_leader(request)
    student = student_get_for_user(user=request.user, pk=student_id)
    notifications = notifications_about(student_id=student.pk)[:500]
    return render(request, "programmes/student_messages.html", {"student": student, "notifications": notifications})
