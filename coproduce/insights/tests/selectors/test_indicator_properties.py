"""Properties that hold for any activity: shares stay within 0–100 and never exceed their denominators,
"no data" means exactly that nothing could be divided, and the grid cell agrees with the two shares."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.communities.models import Membership
from coproduce.core.testing import make_community, make_member
from coproduce.insights.compute import grid_level
from coproduce.insights.domain import PERCENT
from coproduce.insights.report import insights_compute
from coproduce.insights.tests.factories import END, START, backdate_members, day, make_service, record

ROLES = ["gave", "received", "took_part", "facilitated", "decided"]
PHASES = ["commission", "design", "deliver", "assess"]

contribution = st.tuples(st.integers(0, 5), st.sampled_from(ROLES), st.integers(0, 240))
activity = st.tuples(
    st.integers(-60, 175),  # day: some before the period
    st.sampled_from(PHASES),
    st.lists(contribution, min_size=1, max_size=5, unique_by=lambda c: (c[0], c[1])),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.booleans(), min_size=1, max_size=6), activities=st.lists(activity, max_size=8))
def test_indicators_stay_in_range_whatever_happened(kinds, activities):
    community = make_community()
    people = [
        make_member(community, kind=Membership.Kind.PROFESSIONAL if pro else Membership.Kind.CITIZEN) for pro in kinds
    ]
    backdate_members(community)
    service = make_service(community)
    for when, phase, contributions in activities:
        people_here = [(people[i % len(people)], role, minutes) for i, role, minutes in contributions]
        unique = {(m.pk, role): (m, role, minutes) for m, role, minutes in people_here}
        record(community, service, list(unique.values()), when=day(when), phase=phase, kind="meeting")

    payload = insights_compute(community=community, start=START, end=END)

    for items in payload["indicators"].values():
        for item in items:
            assert item["has_data"] == (item["value"] is not None)
            if item["unit"] == PERCENT and item["value"] is not None:
                assert 0 <= item["value"] <= 100
                assert 0 <= item["numerator"] <= item["denominator"]
            if item["score"] is not None:
                assert 0 <= item["score"] <= 100
    for score in payload["scores"].values():
        assert score is None or 0 <= score <= 100
    grid = payload["grid"]
    assert grid["planning_level"] == grid_level(grid["planning_share"], planning=True)
    assert grid["delivery_level"] == grid_level(grid["delivery_share"], planning=False)
    assert (grid["cell"] is None) == (grid["planning_share"] is None or grid["delivery_share"] is None)
    network = payload["network"]
    assert network["largest_group"] <= network["citizens"]
    assert network["two_way_pairs"] <= network["help_pairs"]
