from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .roles import roles_of


@login_required
def home(request):
    """Send each person to the page of their main role: leader, then supervisor, then student."""
    roles = roles_of(request.user)
    if roles.is_leader or roles.is_admin:
        return redirect("placements:leader_dashboard")
    if roles.is_supervisor:
        return redirect("placements:supervisor_students")
    if roles.is_student:
        return redirect("placements:student_assignment")
    return render(request, "accounts/no_role.html")


@login_required
def invitation_create(request):
    """A leader invites a student into one of their cohorts, or a supervisor into a unit of their programmes."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from placements.selectors import programmes_led_by

    from . import services
    from .forms import InvitationForm

    roles = roles_of(request.user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    programmes = programmes_led_by(request.user)
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
            return redirect("accounts:invitation_create")
    return render(request, "accounts/invitation_form.html", {"form": form})


def _404_outside_scope(cohort_pk, programmes):
    """A cohort of someone else's programme is not found (404), like every object outside one's scope."""
    from django.http import Http404

    from programmes.models import Cohort

    if cohort_pk and str(cohort_pk).isdigit():
        cohort = Cohort.objects.filter(pk=cohort_pk).first()
        if cohort is not None and not programmes.filter(pk=cohort.programme_id).exists():
            raise Http404


def calendar_feed(request, token):
    """The iCal feed at a secret per-person URL (no login: calendar apps cannot log in)."""
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404

    from .calendar import calendar_for
    from .models import User

    user = get_object_or_404(User, calendar_token=token, is_active=True)
    response = HttpResponse(calendar_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stageportaal.ics"'
    return response


@login_required
def calendar_renew(request):
    from django.contrib import messages
    from django.http import HttpResponseNotAllowed
    from django.utils.translation import gettext as _

    from .calendar import calendar_token_renew

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    calendar_token_renew(user=request.user)
    messages.success(request, _("Your calendar link is renewed; the old link no longer works."))
    return redirect("home")


@login_required
def language_switch(request):
    """Switch the interface language (Django's set_language) and remember it on the person.

    Anonymous visitors (the login page) use Django's set_language directly; nothing to remember there.
    """
    from django.conf import settings
    from django.contrib import messages
    from django.http import HttpResponseNotAllowed
    from django.utils import translation
    from django.utils.translation import gettext as _
    from django.views.i18n import set_language

    from . import services

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    code = request.POST.get("language", "")
    if code in dict(settings.LANGUAGES):
        services.user_language_set(user=request.user, language=code)
        with translation.override(code):
            messages.success(request, _("The language is changed."))
    return set_language(request)
