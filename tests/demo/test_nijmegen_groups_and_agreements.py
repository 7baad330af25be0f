"""The Nijmegen demo: the project internship's groups (a Helicon student leading ROC students) with their
presentation slots, and a block internship whose praktijkovereenkomst all three parties agreed."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from placements.models import Placement, ProjectGroup
from placements.services import placement_set_status

pytestmark = pytest.mark.django_db


def test_the_nijmegen_demo_has_project_groups_and_an_agreed_block_internship(today):
    call_command("load_demo")
    groups = list(ProjectGroup.objects.filter(assignment__programme__kind="project_internship"))
    assert len(groups) == 6
    for group in groups:
        lead = group.members.get(is_lead=True).placement.student
        assert lead.school_name == "Helicon MBO Nijmegen"
        others = {m.placement.student.school_name for m in group.members.filter(is_lead=False)}
        assert others == {"ROC Nijmegen"}
        assert group.presentation_date and group.presentation_start_time
    agreed = Agreement.objects.get(completed_at__isnull=False)
    assert agreed.acceptances.count() == 3 and agreed.document.status == "approved"
    start = agreed.placement.start_date  # the day it may start, its agreement being in order
    placement_set_status(placement=agreed.placement, status=Placement.Status.ACTIVE, today=start)
    assert Agreement.objects.filter(completed_at__isnull=True).count() == 7
