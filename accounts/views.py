from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from core.responses import private


def calendar_feed(request, token):
    """The iCal feed at a secret per-person URL (no login: calendar apps cannot log in). In the person's own
    language: the calendar app fetching it (Google's servers, say) sends its own Accept-Language."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404
    from django.utils import translation

    from .calendar import calendar_for
    from .models import User

    user = get_object_or_404(User, calendar_token=token, is_active=True)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        feed = calendar_for(user)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stageportaal.ics"'
    return private(response)


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
