"""The authentication backends: Django's and allauth's, loading the signed-in person with their roles.

Every page of a signed-in person needs the person and their roles (the navigation, the role gates): read
together, in one fixed statement (accounts.roles.person_with_roles), where it used to be two queries.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend

from .roles import person_with_roles


class _WithRoles:
    def get_user(self, user_id):
        user = person_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalModelBackend(_WithRoles, ModelBackend):
    pass


class PortalAuthenticationBackend(_WithRoles, AllauthBackend):
    pass
