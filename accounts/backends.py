"""The authentication backends: Django's and allauth's, loading the signed-in person with their roles.

Every page of a signed-in person needs the person, their student or supervisor record and whether they
lead a programme (the navigation, the role gates). Loading them with the person is one query per request
where it used to be three (the person, the record, the role flags).
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist

from .roles import users_with_roles


class _WithRoles:
    def get_user(self, user_id):
        try:
            user = users_with_roles().get(pk=user_id)
        except ObjectDoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PortalModelBackend(_WithRoles, ModelBackend):
    pass


class PortalAuthenticationBackend(_WithRoles, AllauthBackend):
    pass
