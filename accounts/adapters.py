import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.cache import cache

from . import mfa_secrets


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up by themselves: leaders invite students and supervisors."""

    def is_open_for_signup(self, request):
        return False

    def pre_authenticate(self, request, **credentials):
        """Refuse a sign-in while this address has failed too often from this IP address.

        allauth's own per-account limit ("5/5m/key") locked an account for everyone once anyone had typed five
        wrong passwords, the right password included; counting per address and IP pair slows a guesser down
        and leaves the owner, signing in from elsewhere, alone. The per-IP limit stays in ACCOUNT_RATE_LIMITS
        (with ALLAUTH_TRUSTED_PROXY_COUNT, so that behind a proxy it counts the client, not the proxy).
        """
        super().pre_authenticate(request, **credentials)
        limit = settings.LOGIN_FAILURES_PER_ADDRESS_AND_IP
        if limit and (cache.get(self._failures_key(request, credentials)) or 0) >= limit:
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        if not settings.LOGIN_FAILURES_PER_ADDRESS_AND_IP:
            return
        key = self._failures_key(request, credentials)
        cache.add(key, 0, timeout=settings.LOGIN_FAILURES_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this failure starts a new window
            cache.add(key, 1, timeout=settings.LOGIN_FAILURES_WINDOW)

    def _failures_key(self, request, credentials) -> str:
        login = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
        pair = f"{login}\n{self.get_client_ip(request)}".encode()
        return "login-failures:" + hashlib.sha256(pair).hexdigest()

    def post_login(self, request, user, **kwargs):
        """After login the person's own language (User.language) is the interface language in this browser."""
        response = super().post_login(request, user, **kwargs)
        if user.language in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (accounts.mfa_secrets), never in the clear."""

    def encrypt(self, text: str) -> str:
        return mfa_secrets.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_secrets.decrypt(encrypted_text)
