"""The leader's dashboard: occupancy chart data and the students who have nothing after their current placement."""

import json
from datetime import date

from django.urls import reverse
from django.utils.html import escape

from placements import selectors
from tests.factories import PlacementFactory


def test_a_student_whose_placement_ends_soon_without_a_next_one_is_listed(world, today):
    # world.placement ends 31-01-2027, within three months of 23-11-2026, and nothing follows.
    dashboard = selectors.leader_dashboard(user=world.leader, today=today)
    assert dashboard.without_next == [world.placement]


def test_a_student_with_a_later_placement_is_not_listed(world, today):
    PlacementFactory(
        student=world.student.student,
        assignment=world.placement.assignment,
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
    )
    assert selectors.leader_dashboard(user=world.leader, today=today).without_next == []


def test_placements_ending_later_than_three_months_or_of_other_programmes_are_not_listed(world):
    assert selectors.leader_dashboard(user=world.leader, today=date(2026, 9, 1)).without_next == []
    other = selectors.leader_dashboard(user=world.other_leader, today=date(2026, 11, 23)).without_next
    assert other == [world.other_placement]


def test_the_dashboard_renders_the_chart_data_as_json(client, world, today):
    client.force_login(world.leader)
    response = client.get(reverse("placements:leader_dashboard"))
    content = response.content.decode()
    start = content.index('id="occupancy-data"')
    data = json.loads(content[content.index(">", start) + 1 : content.index("</script>", start)])
    unit = world.placement.assignment.unit.name
    assert data == {"labels": [unit], "active": [1], "capacity": [world.placement.assignment.capacity]}
    assert "js/occupancy-chart.js" in content
    assert escape(world.student.name) in content  # listed without a next placement
