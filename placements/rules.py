"""Who may see and change what: the one place where object access is decided.

Views, exports, feeds and admin ask these predicates (through user.has_perm) or the role-scoped
querysets in placements.selectors, which express the same rules as database filters.
"""

import rules

from programmes.models import Programme

from .models import Placement


@rules.predicate
def is_admin(user):
    return bool(user and user.is_active and user.is_superuser)


@rules.predicate
def is_leader(user):
    return bool(user and user.is_authenticated and user.leader_grants.exists())


@rules.predicate
def is_supervisor(user):
    return bool(user and user.is_authenticated and hasattr(user, "supervisor"))


@rules.predicate
def is_student(user):
    return bool(user and user.is_authenticated and hasattr(user, "student"))


@rules.predicate
def leads_programme(user, programme: Programme):
    if programme is None or not user.is_authenticated:
        return False
    return programme.leader_grants.filter(user_id=user.pk).exists()


@rules.predicate
def leads_placement(user, placement: Placement):
    if placement is None or not user.is_authenticated:
        return False
    return placement.assignment.programme.leader_grants.filter(user_id=user.pk).exists()


@rules.predicate
def supervises_placement(user, placement: Placement):
    return placement is not None and placement.supervisor_id is not None and placement.supervisor.user_id == user.pk


@rules.predicate
def is_placement_student(user, placement: Placement):
    return placement is not None and placement.student.user_id == user.pk


rules.add_perm("placements.lead", is_admin | is_leader)
rules.add_perm("placements.view_programme", is_admin | leads_programme)
rules.add_perm("placements.manage_programme", is_admin | leads_programme)
rules.add_perm("placements.view_placement", is_admin | leads_placement | supervises_placement | is_placement_student)
rules.add_perm("placements.change_placement", is_admin | leads_placement)
