"""The grid cell from the citizen shares of planning and delivery time, its thresholds and its movement."""

import pytest

from coproduce.communities.models import Membership
from coproduce.core.testing import make_member
from coproduce.insights.domain import Period
from coproduce.insights.report import insights_compute
from coproduce.insights.selectors import grid_position
from coproduce.insights.tests.factories import END, START, day, make_service, record

PRO = Membership.Kind.PROFESSIONAL


@pytest.fixture
def people(community):
    return make_member(community), make_member(community, kind=PRO), make_service(community)


def plan_and_deliver(community, people, *, planning: tuple[int, int], delivery: tuple[int, int], when=None):
    """(citizen minutes, professional minutes) in a design workshop and in a delivery shift."""
    citizen, pro, service = people
    when = when or day(5)
    if sum(planning):
        record(
            community,
            service,
            [(citizen, "took_part", planning[0]), (pro, "facilitated", planning[1])],
            phase="design",
            kind="workshop",
            when=when,
        )
    if sum(delivery):
        record(
            community,
            service,
            [(citizen, "took_part", delivery[0]), (pro, "took_part", delivery[1])],
            kind="shift",
            when=when,
        )


@pytest.mark.parametrize(
    ("planning", "delivery", "cell"),
    [
        ((0, 100), (0, 100), "PRO_PRO"),
        ((9, 91), (50, 50), "PRO_CO"),  # 9 % of planning: below 10 %, professionals plan
        ((10, 90), (50, 50), "CO_CO"),  # exactly 10 %: co-planned
        ((90, 10), (90, 10), "CO_CO"),  # exactly 90 %: still co-produced
        ((91, 9), (50, 50), "NONE_CO"),  # above 90 %: no professional input in planning
        ((50, 50), (91, 9), "CO_USER"),  # above 90 % of delivery: users deliver
        ((50, 50), (9, 91), "CO_PRO"),  # professionals deliver what was co-planned
        ((100, 0), (100, 0), "NONE_USER"),
    ],
)
def test_cell_from_planning_and_delivery_shares(community, people, planning, delivery, cell):
    plan_and_deliver(community, people, planning=planning, delivery=delivery)
    grid = grid_position(community=community, start=START, end=END)
    assert grid.cell == cell
    assert grid.planning_share == pytest.approx(100 * planning[0] / sum(planning))
    assert grid.delivery_share == pytest.approx(100 * delivery[0] / sum(delivery))


def test_received_minutes_do_not_count_as_delivering(community, people):
    citizen, pro, service = people
    record(community, service, [(pro, "gave", 60), (citizen, "received", 60)], when=day(1))
    grid = grid_position(community=community, start=START, end=END)
    assert grid.delivery_share == 0.0
    assert grid.delivery_level == "PRO"


def test_no_planning_activity_leaves_the_cell_empty(community, people):
    plan_and_deliver(community, people, planning=(0, 0), delivery=(50, 50))
    grid = grid_position(community=community, start=START, end=END)
    assert grid.planning_share is None
    assert grid.cell is None
    assert not grid.has_data


def test_thresholds_come_from_settings(community, people, settings):
    settings.COPRODUCE_GRID_THRESHOLDS = (20, 80)
    plan_and_deliver(community, people, planning=(15, 85), delivery=(85, 15))
    # 15 % is below 20 %: professionals plan; 85 % is above 80 %: users deliver
    assert grid_position(community=community, start=START, end=END).cell == "PRO_USER"


def test_movement_since_the_previous_period(community, people):
    previous = Period(START, END).previous()
    # the previous six months: professionals planned and delivered alone
    plan_and_deliver(community, people, planning=(0, 60), delivery=(0, 60), when=previous.start + (END - START) / 2)
    # this period: citizens gave 25 % of planning and 40 % of delivery time
    plan_and_deliver(community, people, planning=(20, 60), delivery=(40, 60))
    payload = insights_compute(community=community, start=START, end=END)
    assert payload["grid"]["cell"] == "CO_CO"
    assert payload["grid_previous"]["cell"] == "PRO_PRO"
    assert payload["movement"] == {
        "previous_cell": "PRO_PRO",
        "previous_planning_share": 0.0,
        "previous_delivery_share": 0.0,
        "planning_change": 25.0,
        "delivery_change": 40.0,
        "cell_changed": True,
    }
