"""Writes of the accounts domain: accounts for invited people, their set-password link, their language."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.limits import LOOKUP_BATCH

from .models import User


def invitation_url_path(*, user: User) -> str:
    """The path of allauth's set-password-from-key page for this user (valid until the password changes)."""
    key = default_token_generator.make_token(user)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})


def users_create(*, people: list[tuple[str, str]], language: str = "nl") -> list[User]:
    """Accounts for (name, e-mail address) pairs: no usable password (they choose one from their
    invitation) and a verified address (the leader vouches for it), in a fixed number of statements per
    2,000 people. Addresses are stored lower-case, so an exact match finds them through the unique index.

    Raises ValidationError, writing nothing, when an address belongs to someone already or is given twice.
    """
    emails = [User.objects.normalize_email(email).strip().lower() for _name, email in people]
    taken = set()
    for start in range(0, len(emails), LOOKUP_BATCH):
        chunk = emails[start : start + LOOKUP_BATCH]
        taken.update(User.objects.filter(email__in=chunk).values_list("email", flat=True))
        taken.update(EmailAddress.objects.filter(email__in=chunk).values_list("email", flat=True))
    if taken:
        message = _("Someone with this e-mail address has an account already.")
        raise ValidationError({"email": message if len(people) == 1 else f"{message} ({', '.join(sorted(taken))})"})
    if twice := _given_twice(emails):
        raise ValidationError({"email": _("Given more than once: %(emails)s.") % {"emails": ", ".join(twice)}})
    with transaction.atomic(savepoint=False):  # inside the caller's transaction: no savepoint of its own
        users = [
            User(email=email, name=name.strip(), language=language)
            for (name, _email), email in zip(people, emails, strict=True)
        ]
        for user in users:
            user.set_unusable_password()
        User.objects.bulk_create(users, batch_size=LOOKUP_BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
            batch_size=LOOKUP_BATCH,
        )
    return users


def _given_twice(emails: list[str]) -> list[str]:
    seen, twice = set(), set()
    for email in emails:
        (twice if email in seen else seen).add(email)
    return sorted(twice)


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
