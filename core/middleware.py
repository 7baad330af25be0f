"""The security headers Django does not set itself."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script or style) and Permissions-Policy on every response, and
    `Cache-Control: private, no-store` on every response to a signed-in person: their pages, exports and
    downloads are theirs alone, not for a shared proxy or the browser's back button on a shared computer.
    (The calendar feed, reached without signing in, says the same through core.responses.private.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
