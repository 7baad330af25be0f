"""Writes of the accounts domain: inviting people so a leader onboards a cohort without the admin."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notification_queue
from placements.models import Student, Supervisor

from .models import User


def invitation_url_path(*, user: User) -> str:
    """The path of allauth's set-password-from-key page for this user (valid until the password changes)."""
    key = default_token_generator.make_token(user)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})


@transaction.atomic
def invitation_create(
    *, actor, name: str, email: str, role: str, cohort=None, unit=None, institution: str = "", level: str = ""
) -> User:
    """Create the person (no usable password), their role row and a verified address, and e-mail an invitation.

    Raises ValidationError when the address belongs to someone already. Everything or nothing is written.
    """
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone with this e-mail address has an account already.")})
    user = User(email=email, name=name, language=getattr(actor, "language", "nl") or "nl")
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role == "student":
        profile = Student.objects.create(user=user, institution=institution, level=level)
        cohort.students.add(profile)
        where = str(cohort)
    else:
        profile = Supervisor.objects.create(user=user)
        profile.units.add(unit)
        where = str(unit)
    notification_queue(
        kind="invitation",
        object_key=f"user:{user.pk}",
        recipient=user,
        window="once",
        template="invitation",
        context={"path": invitation_url_path(user=user), "inviter": actor.name, "role": role, "where": where},
    )
    audit_log(actor=actor, action="user.invited", instance=user, changes={"email": email, "role": role, "where": where})
    return user


def user_language_set(*, user: User, language: str) -> User:
    """Remember the person's interface language: used at their next login and for their e-mails.

    Raises ValidationError for a language the portal does not offer."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not available."), code="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
