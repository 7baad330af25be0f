"""Who hosts an exchange day: a supervisor in a unit of the host organisation, or the programme's leader."""

from programmes.access import programme_is_led_by
from programmes.models import Supervisor


def is_host_contact(user, slot) -> bool:
    if not user.is_authenticated:
        return False
    if slot.published_by_id == user.pk:
        return True
    unit = slot.assignment.unit
    if Supervisor.objects.filter(user=user, units__organisation=unit.organisation_id).exists():
        return True
    return programme_is_led_by(programme_id=slot.assignment.programme_id, user=user)
