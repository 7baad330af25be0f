"""The leader's dashboard: occupancy chart data and the students who have nothing after their current placement."""

import json
from datetime import date, timedelta

from django.urls import reverse
from django.utils.html import escape

from dashboards import selectors
from tests.factories import CohortFactory, PlacementFactory, RotationRoundFactory, StudentFactory


def test_a_student_whose_placement_ends_soon_without_a_next_one_is_listed(world, today):
    # world.placement ends 31-01-2027, within three months of 23-11-2026, and nothing follows.
    dashboard = selectors.leader_dashboard(user=world.leader, today=today)
    placement = world.placement
    assert dashboard.without_next == [placement]
    (listed,) = dashboard.without_next
    assert (listed.student.user.name, listed.assignment.title) == (  # read with the placement, for the page
        placement.student.user.name,
        placement.assignment.title,
    )


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
    assert [p.public_id for p in other] == [world.other_placement.public_id]


def test_the_dashboard_renders_the_chart_data_as_json(client, world, today):
    client.force_login(world.leader)
    response = client.get(reverse("dashboards:leader_dashboard"))
    content = response.content.decode()
    start = content.index('id="occupancy-data"')
    data = json.loads(content[content.index(">", start) + 1 : content.index("</script>", start)])
    unit = world.placement.assignment.unit.name
    assert data == {"labels": [unit], "active": [1], "capacity": [world.placement.assignment.capacity]}
    assert "js/occupancy-chart.js" in content
    assert escape(world.student.name) in content  # listed without a next placement


def test_programmes_carry_their_cohorts_and_the_coming_rounds_name_their_programme(world, today):
    cohort = CohortFactory(programme=world.programme, students=[StudentFactory(), StudentFactory()])
    coming = RotationRoundFactory(cohort=cohort, start_date=today + timedelta(days=30), end_date=date(2027, 6, 30))
    started = {"start_date": today - timedelta(days=1), "end_date": today + timedelta(days=29)}
    RotationRoundFactory(cohort=cohort, **started)  # started: not coming
    dashboard = selectors.leader_dashboard(user=world.leader, today=today)
    (programme,) = dashboard.programmes
    assert (programme.pk, programme.name, programme.organisation.name, programme.get_kind_display()) == (
        world.programme.pk,
        world.programme.name,
        world.programme.organisation.name,
        world.programme.get_kind_display(),
    )
    assert (cohort.name, 2) in [(c.name, c.student_count) for c in programme.cohorts.all()]
    assert dashboard.upcoming_rounds == [coming]
    assert dashboard.upcoming_rounds[0].cohort.programme.name == world.programme.name


def test_an_administrator_sees_every_programme(world, today):
    programmes = selectors.leader_dashboard(user=world.admin, today=today).programmes
    assert {world.programme.pk, world.other_programme.pk} <= {p.pk for p in programmes}
