"""The signed-in person's roles on the request, and two-factor enrolment for those who lead."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .roles import roles_of

# Paths a leader without an authenticator may still reach: enrolment itself, logout, static, i18n.
_ALWAYS_ALLOWED = ("/accounts/", "/i18n/", "/language/", "/static/")


class RolesMiddleware:
    """`request.roles` (programmes.roles.Roles), read at most once per request and only when asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = SimpleLazyObject(lambda: roles_of(request.user))
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Send a project leader or administrator without TOTP to allauth's enrolment page.

    allauth cannot force MFA by itself. Off when settings.MFA_REQUIRED_FOR_LEADERS is False.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        from allauth.mfa.models import Authenticator

        if not getattr(settings, "MFA_REQUIRED_FOR_LEADERS", True):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        # path_info, not path: path begins with SCRIPT_NAME, which a client can send as a header (gunicorn
        # takes it from the request), so "SCRIPT_NAME: /accounts" made every page look like enrolment.
        if request.path_info.startswith(_ALWAYS_ALLOWED):
            return False
        if not (request.roles.leads or user.is_staff):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
