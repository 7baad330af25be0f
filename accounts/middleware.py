"""Two small middlewares: MFA enrolment for leaders and admins, and the security headers Django lacks."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .roles import roles_of

# Paths a leader without an authenticator may still reach: enrolment itself, logout, static, i18n.
_ALWAYS_ALLOWED = ("/accounts/", "/i18n/", "/language/", "/static/")


def _has_authenticator(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
        if not getattr(settings, "MFA_REQUIRED_FOR_LEADERS", True):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(_ALWAYS_ALLOWED):
            return False
        roles = roles_of(user)
        if not (roles.is_leader or roles.is_admin or user.is_staff):
            return False
        return not _has_authenticator(user)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script or style) and Permissions-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
