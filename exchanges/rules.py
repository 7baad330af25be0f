"""Who hosts an exchange day: a supervisor in a unit of the host organisation, or the programme's leader."""

from programmes.models import Supervisor


def is_host_contact(user, slot) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or slot.published_by_id == user.pk:
        return True
    unit = slot.assignment.unit
    if Supervisor.objects.filter(user=user, units__organisation=unit.organisation_id).exists():
        return True
    return slot.assignment.programme.leader_grants.filter(user=user).exists()
