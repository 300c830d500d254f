"""Figures read from rollups are the figures read from the activity record: for any activity, every field of
`Facts` and the grid agree, whichever of the two sources a period allows."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.communities.models import Asset, Membership
from coproduce.coproduction.models import Contribution
from coproduce.core.testing import make_community, make_member
from coproduce.insights.compute import grid_for
from coproduce.insights.rollups import rollups_current, rollups_rebuild
from coproduce.insights.tests.factories import START, backdate_members, day, exchange, make_service, record
from coproduce.insights.tests.rollup_checks import (
    ALL_ROLLUPS,
    KINDS,
    PHASES,
    ROLES,
    differences,
    expected_sources,
    facts_from_rollups,
)

# London, a zone five hours behind UTC (a UTC day is not a local day), and one with a half-hour offset.
TIMEZONES = ["Europe/London", "America/New_York", "Asia/Kolkata"]


person = st.tuples(
    st.booleans(),  # professional
    st.sampled_from(["active", "active", "active", "left", "suspended"]),
    st.one_of(st.none(), st.integers(-90, 170)),  # day joined; None: long before
    st.booleans(),  # has recorded an asset
)
contribution = st.tuples(st.integers(0, 11), st.sampled_from(ROLES), st.one_of(st.just(0), st.integers(0, 240)))
activity = st.tuples(
    st.integers(0, 1),  # which service
    # day: 180 is the last of the period; some before it so history counts; a few days often, so times coincide
    st.one_of(st.sampled_from([-1, 0, 31, 180]), st.integers(-60, 180)),
    st.one_of(st.sampled_from([0, 12 * 60, 24 * 60 - 1]), st.integers(0, 24 * 60 - 1)),  # minute of the local day
    st.sampled_from([0, 0, 1, 999_999]),  # microseconds
    st.sampled_from(KINDS),
    st.sampled_from(PHASES),
    st.one_of(st.none(), st.integers(1, 7)),
    st.sampled_from(["", "garden", "lifts"]),
    st.lists(contribution, min_size=1, max_size=5),
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tzname=st.sampled_from(TIMEZONES),
    people=st.lists(person, min_size=4, max_size=12),
    activities=st.lists(activity, max_size=25),
    later_start=st.integers(1, 150),
    closed_start=st.integers(-70, 150),
    closed_days=st.integers(1, 60),
    off_hours=st.integers(1, 23),
    emptied=st.sets(st.integers(0, 24), max_size=3),
)
def test_facts_from_rollups_equal_facts_from_the_record(
    tzname, people, activities, later_start, closed_start, closed_days, off_hours, emptied
):
    # given a community in some time zone, with citizens and professionals (not all active) and two services
    community = make_community(timezone=tzname)
    tz = zoneinfo.ZoneInfo(tzname)
    start, end = dt.datetime(2025, 1, 1, tzinfo=tz), dt.datetime(2025, 7, 1, tzinfo=tz)
    members = []
    for professional, status, _joined, _asset in people:
        kind = Membership.Kind.PROFESSIONAL if professional else Membership.Kind.CITIZEN
        members.append(make_member(community, kind=kind, status=status))
    backdate_members(community)
    for membership, (_pro, status, joined, asset) in zip(members, people, strict=True):
        if status == "active" and joined is not None:
            Membership.objects.filter(pk=membership.pk).update(joined_at=start + dt.timedelta(days=joined))
        if asset:
            Asset.objects.create(community=community, membership=membership, kind=Asset.Kind.SKILL, title="Cooking")
    services = [make_service(community), make_service(community)]
    # and activities from two months before the period to its last minute
    recorded = []
    for which, n, minute, micro, kind, phase, step, category, contributions in activities:
        unique = {(members[i % len(members)].pk, role): (members[i % len(members)], role, m) for i, role, m in contributions}
        when = start + dt.timedelta(days=n, minutes=minute, microseconds=micro)
        recorded.append(record(community, services[which], list(unique.values()), when=when, kind=kind, phase=phase,
                               ladder_step=step, category=category))
    # and a few that nobody took part in after all (their contributions corrected away)
    Contribution.objects.filter(activity__in=[recorded[i] for i in emptied if i < len(recorded)]).delete()
    # when the rollups are built from the record
    rollups_rebuild(community=community)
    assert rollups_current(community=community)
    # then, for open-ended, closed and unaligned periods, each scope gives the same facts and grid both ways
    periods = [
        (start, end),
        (start + dt.timedelta(days=later_start), end),
        (start + dt.timedelta(days=closed_start), start + dt.timedelta(days=closed_start + closed_days)),
        (start + dt.timedelta(days=closed_start, hours=off_hours), end + dt.timedelta(minutes=off_hours)),
    ]
    for scope in (None, *services):
        for first, last in periods:
            diff, sources = differences(community, scope, first, last)
            assert diff == {}, (scope, first, last)
            assert sources == expected_sources(community, scope, first, last), (scope, first, last)
            assert grid_for(community=community, service=scope, start=first, end=last, use_rollups=True) == grid_for(
                community=community, service=scope, start=first, end=last, use_rollups=False
            ), (scope, first, last)
    # (the whole period has no activity after it: rollups serve every part of it)
    assert expected_sources(community, None, start, end) == ALL_ROLLUPS


def test_a_single_exchange(community, member, other_member):
    backdate_members(community)
    exchange(community, make_service(community), member, other_member, minutes=75, when=day(3))
    rollups_rebuild(community=community)
    facts = facts_from_rollups(community)
    assert facts.sources == ALL_ROLLUPS
    assert (facts.givers, facts.receivers, facts.gave_and_received, facts.gave_or_received) == (1, 1, 0, 2)
    # two citizens in one activity are also a peer tie, whatever their roles
    assert (facts.help_pairs, facts.two_way_pairs, facts.peer_ties, facts.largest_group) == (1, 0, 1, 2)
    assert facts.phase_minutes["deliver"] == {"citizen": 75, "professional": 0}
    [row] = facts.rollup
    assert (row.activities, row.minutes_given, row.minutes_received, row.citizen_minutes) == (1, 75, 75, 75)


def test_an_activity_nobody_took_part_in_counts_nowhere(community, member, other_member):
    backdate_members(community)
    service = make_service(community)
    exchange(community, service, member, other_member, minutes=75, when=day(3))
    emptied = exchange(community, service, other_member, member, minutes=30, when=day(4))
    Contribution.objects.filter(activity=emptied).delete()
    rollups_rebuild(community=community)

    facts = facts_from_rollups(community)

    [row] = facts.rollup
    assert (row.activities, row.minutes_given) == (1, 75)
    assert (facts.deliver_activities, facts.givers, facts.receivers, facts.two_way_pairs) == (1, 1, 1, 0)


def test_only_professionals(community):
    pros = [make_member(community, kind=Membership.Kind.PROFESSIONAL) for _ in range(3)]
    backdate_members(community)
    service = make_service(community)
    record(community, service, [(p, "took_part", 30) for p in pros], when=day(5), phase="design", kind="meeting")
    record(community, service, [(pros[0], "facilitated", 45), (pros[1], "took_part", 45)], when=day(40))
    rollups_rebuild(community=community)
    facts = facts_from_rollups(community)
    assert facts.sources == ALL_ROLLUPS
    assert (facts.citizens_participating, facts.peer_ties, facts.largest_group, facts.mixed_crew_activities) == (
        0,
        0,
        0,
        0,
    )
    assert facts.phase_minutes["design"] == {"citizen": 0, "professional": 90}
    assert facts.facilitating_minutes == {"professional": 45}
    assert facts.deliver_activities == 1


def test_first_receipt_before_the_period_then_giving_in_it(community, member, other_member):
    # given a member who first received help before the period and first gave within it
    backdate_members(community)
    service = make_service(community)
    exchange(community, service, other_member, member, when=day(-20))
    exchange(community, service, member, other_member, when=day(30))
    rollups_rebuild(community=community)
    # then over the period they moved from receiving to giving
    facts = facts_from_rollups(community)
    assert facts.sources == ALL_ROLLUPS
    assert (facts.started_receiving, facts.moved_to_giving) == (1, 1)
    # and a period starting after they first gave counts neither
    later = facts_from_rollups(community, start=START + dt.timedelta(days=60))
    assert later.sources == ALL_ROLLUPS
    assert (later.started_receiving, later.moved_to_giving) == (0, 0)
    # and a period that ended before they gave (closed) is read from the record, and they had only received
    before = facts_from_rollups(community, start=START - dt.timedelta(days=31), end=START + dt.timedelta(days=10))
    assert before.sources == {"members": "records", "activities": "rollups", "network": "records"}
    assert (before.started_receiving, before.moved_to_giving) == (1, 0)


def test_a_tie_made_before_the_period_is_not_new_in_it(community):
    old_a, old_b, new_a, new_b = (make_member(community) for _ in range(4))
    backdate_members(community)
    service = make_service(community)
    record(community, service, [(old_a, "took_part", 60), (old_b, "took_part", 60)], when=day(-10), kind="meeting")
    record(community, service, [(old_a, "took_part", 60), (old_b, "took_part", 60)], when=day(20), kind="meeting")
    record(community, service, [(new_a, "took_part", 60), (new_b, "took_part", 60)], when=day(40), kind="meeting")
    rollups_rebuild(community=community)
    facts = facts_from_rollups(community)
    assert facts.sources == ALL_ROLLUPS
    assert facts.peer_ties == 2
    assert dict(facts.new_ties_by_month) == {"2025-01": 0, "2025-02": 1, "2025-03": 0, "2025-04": 0, "2025-05": 0,
                                             "2025-06": 0}
    # a period after the old pair's last meeting sees only the new tie
    later = facts_from_rollups(community, start=START + dt.timedelta(days=30))
    assert (later.peer_ties, sum(n for _m, n in later.new_ties_by_month)) == (1, 1)


def test_largest_group_with_two_separate_groups(community):
    a, b, c, d, e = (make_member(community) for _ in range(5))
    pro = make_member(community, kind=Membership.Kind.PROFESSIONAL)
    backdate_members(community)
    service = make_service(community)
    record(community, service, [(a, "took_part", 30), (b, "took_part", 30)], when=day(2), kind="meeting")
    record(community, service, [(b, "gave", 30), (c, "received", 30)], when=day(9))
    record(community, service, [(d, "took_part", 30), (e, "took_part", 30)], when=day(16), kind="meeting")
    # a professional between the two groups does not join them
    record(community, service, [(c, "took_part", 30), (pro, "facilitated", 30)], when=day(23), kind="meeting")
    record(community, service, [(d, "took_part", 30), (pro, "facilitated", 30)], when=day(23), kind="meeting")
    rollups_rebuild(community=community)
    facts = facts_from_rollups(community)
    assert facts.sources == ALL_ROLLUPS
    assert (facts.largest_group, facts.peer_ties, facts.citizens_participating) == (3, 3, 5)
    # from day 10 only d–e are linked by a shared activity
    later = facts_from_rollups(community, start=START + dt.timedelta(days=10))
    assert (later.largest_group, later.peer_ties) == (2, 1)


def test_an_activity_late_on_the_last_local_day_belongs_to_the_period(db):
    # given a community five hours behind UTC, and an exchange at 23:30 local on 31 January (04:30 UTC on 1 February)
    community = make_community(timezone="America/New_York")
    giver, receiver = make_member(community), make_member(community)
    backdate_members(community)
    tz = zoneinfo.ZoneInfo("America/New_York")
    start, end = dt.datetime(2025, 1, 1, tzinfo=tz), dt.datetime(2025, 2, 1, tzinfo=tz)
    exchange(community, make_service(community), giver, receiver, minutes=50, when=end - dt.timedelta(minutes=30))
    rollups_rebuild(community=community)
    # then January's figures include it, and February's (open-ended) do not
    january = facts_from_rollups(community, start=start, end=end)
    assert january.sources == ALL_ROLLUPS
    assert january.phase_minutes["deliver"]["citizen"] == 50
    february = facts_from_rollups(community, start=end, end=dt.datetime(2025, 3, 1, tzinfo=tz))
    assert february.sources == ALL_ROLLUPS
    assert (february.givers, february.phase_minutes) == (0, {})
