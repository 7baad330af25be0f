"""Writes of the organisation tree. A unit is only ever created here (admin forms, import)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import audit_log, snapshot

from .models import Organisation, Unit


@transaction.atomic
def unit_create(
    *,
    organisation: Organisation,
    name: str,
    parent: Unit | None = None,
    address: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    actor=None,
) -> Unit:
    """Create a unit in an organisation. Names are unique per organisation (ignoring case).

    Raises ValidationError (nothing written) for an empty or taken name, a parent in another
    organisation or an invalid e-mail address.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A unit needs a name.")})
    if contact_email:
        validate_email(contact_email)
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": _("The parent unit belongs to another organisation.")})
    if Unit.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError(
            {
                "name": _("%(organisation)s already has a unit named %(name)s.")
                % {"organisation": organisation, "name": name}
            }
        )
    try:
        with transaction.atomic():
            unit = Unit.objects.create(
                organisation=organisation,
                parent=parent,
                name=name,
                address=address,
                contact_email=contact_email,
                contact_phone=contact_phone,
            )
    except IntegrityError as exc:  # a concurrent request created the same name
        raise ValidationError({"name": _("This unit exists already.")}) from exc
    audit_log(actor=actor, action="unit.created", instance=unit, changes=snapshot(unit))
    return unit
