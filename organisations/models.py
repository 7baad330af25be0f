from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        POLICE_UNIT = "police_unit", _("Police unit")
        NATIONAL_UNIT = "national_unit", _("National unit")
        STAFF_DIRECTORATE = "staff_directorate", _("Staff directorate")
        MUNICIPALITY = "municipality", _("Municipality")
        PARTNER = "partner", _("Partner organisation")
        SCHOOL = "school", _("School")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A team, department or service inside an organisation; units form a tree."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name_per_organisation"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self):
        return f"{self.organisation.name} – {self.name}"

    def clean(self):
        """The tree rules, for every model form (the admin's included); organisations.services asks the same."""
        super().clean()
        if problem := unit_parent_problem(unit=self, parent=self.parent, organisation_id=self.organisation_id):
            raise ValidationError({"parent": problem})


def unit_parent_problem(*, unit: Unit | None, parent: Unit | None, organisation_id) -> str | None:
    """Why `parent` cannot be the parent of `unit` (None for a new unit) in the organisation, or None if it can:
    the parent must be of the same organisation, and the tree must stay a tree (no unit under itself or under
    one of its own descendants). Walks up from the parent: one query per level, and trees are a few deep."""
    if parent is None:
        return None
    if parent.organisation_id != organisation_id:
        return _("The parent unit belongs to another organisation.")
    if unit is None or unit.pk is None:
        return None
    seen, current = set(), parent
    while current is not None and current.pk not in seen:
        if current.pk == unit.pk:
            return _("A unit cannot be placed under itself or under one of its own sub-units.")
        seen.add(current.pk)
        current = Unit.objects.filter(pk=current.parent_id).first() if current.parent_id else None
    return None
