"""Writes of the organisation tree. A unit is only ever created or changed here (the leader's set-up pages,
the import); the tree's rules are organisations.models.unit_parent_problem, which the admin's forms ask too."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import audit_log, save_audited, snapshot

from .models import Organisation, Unit, unit_parent_problem


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
    if problem := unit_parent_problem(unit=None, parent=parent, organisation_id=organisation.pk):
        raise ValidationError({"parent": problem})
    _check_name_free(organisation=organisation, name=name)
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


def _check_name_free(*, organisation: Organisation, name: str, exclude_id=None) -> None:
    if Unit.objects.filter(organisation=organisation, name__iexact=name).exclude(pk=exclude_id).exists():
        raise ValidationError(
            {
                "name": _("%(organisation)s already has a unit named %(name)s.")
                % {"organisation": organisation, "name": name}
            }
        )


UNIT_FIELDS = ["name", "parent", "address", "contact_email", "contact_phone"]


@transaction.atomic
def unit_update(*, unit: Unit, actor=None, **values) -> Unit:
    """Change a unit's name, parent or contact details (its organisation stays), audited with what changed.

    Raises ValidationError (nothing written) for an empty or taken name, an invalid e-mail address, a parent
    in another organisation, or a parent that is the unit itself or one of its sub-units (a cycle). The tree
    is locked while it is checked, so two moves at once cannot make a cycle together."""
    list(Unit.objects.select_for_update().filter(organisation_id=unit.organisation_id).values_list("pk"))
    values["name"] = values.get("name", unit.name).strip()
    if not values["name"]:
        raise ValidationError({"name": _("A unit needs a name.")})
    if values.get("contact_email"):
        validate_email(values["contact_email"])
    parent = values.get("parent", unit.parent)
    if problem := unit_parent_problem(unit=unit, parent=parent, organisation_id=unit.organisation_id):
        raise ValidationError({"parent": problem})
    _check_name_free(organisation=unit.organisation, name=values["name"], exclude_id=unit.pk)
    if unknown := values.keys() - set(UNIT_FIELDS):
        raise TypeError(f"unit_update() got unexpected fields {sorted(unknown)}")
    try:
        with transaction.atomic():
            save_audited(instance=unit, values=values, actor=actor, action="unit.updated")
    except IntegrityError as exc:  # a concurrent request took the name
        raise ValidationError({"name": _("This unit exists already.")}) from exc
    return unit
