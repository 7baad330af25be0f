"""Writes of the accounts domain: inviting people so a leader onboards a cohort without the admin."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import audit_log_many
from notifications.services import Draft, notifications_queue
from placements.models import Student, Supervisor

from .models import User


def invitation_url_path(*, user: User) -> str:
    """The path of allauth's set-password-from-key page for this user (valid until the password changes)."""
    key = default_token_generator.make_token(user)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})


def invitations_send(*, users_where: list[tuple[User, str]], actor, role: str) -> int:
    """E-mail each (user, where they are invited to) their set-password link, once per person (the message's
    key is the user), and audit it; in bulk, inside the transaction that created the people (after commit
    the e-mails go out). Returns how many invitations were queued."""
    drafts, entries = [], []
    for user, where in users_where:
        context = {"path": invitation_url_path(user=user), "inviter": actor.name, "role": role, "where": where}
        drafts.append(Draft("invitation", f"user:{user.pk}", user.pk, "once", "invitation", context))
        entries.append((user.pk, {"email": user.email, "role": role, "where": where}, str(user)))
    queued = notifications_queue(drafts=drafts)
    audit_log_many(actor=actor, action="user.invited", model=User, entries=entries)
    return queued


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
    invitations_send(users_where=[(user, where)], actor=actor, role=role)
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
