"""Rollups follow the activity record: new activities queue up and are applied by a catch-up, changes they
cannot follow send figures back to the record until a rebuild, and one community never touches another's."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.communities.models import Membership
from coproduce.communities.services import community_update, membership_set_role
from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.coproduction.services import ContributionInput, activity_record, activity_record_from_workflow
from coproduce.core.testing import make_community, make_member
from coproduce.insights.compute import gather_facts
from coproduce.insights.models import PendingRollup, RollupState
from coproduce.insights.rollups import ROLLUP_MODELS, rollups_catch_up, rollups_current, rollups_rebuild
from coproduce.insights.services import snapshot_refresh
from coproduce.insights.tests.factories import END, START, backdate_members, day, exchange, make_service, record
from coproduce.insights.tests.rollup_checks import (
    ALL_RECORDS,
    ALL_ROLLUPS,
    KINDS,
    PHASES,
    ROLES,
    comparable,
    differences,
    expected_sources,
)


def facts(community, start=START, end=END):
    return gather_facts(community=community, start=start, end=end)


def assert_matches_record(community, sources, start=START, end=END):
    for service in (None, *Service.objects.filter(community=community)):
        diff, _sources = differences(community, service, start, end)
        assert diff == {}, service
    assert facts(community, start, end).sources == sources


def stored_rows(community) -> dict[str, list[tuple]]:
    """Every rollup row of the community, without the ids a rebuild renews."""
    rows = {}
    for model in ROLLUP_MODELS:
        columns = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        rows[model.__name__] = sorted(model.objects.filter(community=community).values_list(*columns), key=str)
    return rows


def record_exchange(coordinator, service, giver, receiver, minutes=60, when=None) -> Activity:
    return activity_record(
        actor=coordinator,
        community=coordinator.community,
        service=service,
        kind="exchange",
        phase="deliver",
        title="Shopping",
        occurred_at=when or day(5),
        contributions=[ContributionInput(giver.pk, "gave", minutes), ContributionInput(receiver.pk, "received", minutes)],
    )


@pytest.fixture
def built(community, coordinator, member, other_member):
    """A community with some history, its rollups built."""
    third = make_member(community)
    backdate_members(community)
    service = make_service(community)
    exchange(community, service, member, other_member, when=day(-15))
    record(community, service, [(member, "took_part", 30), (third, "took_part", 30), (coordinator, "facilitated", 30)],
           when=day(12), kind="meeting", phase="design")
    rollups_rebuild(community=community)
    assert rollups_current(community=community)
    return service


def test_recording_leaves_a_pending_row_until_the_catch_up(community, coordinator, member, other_member, built):
    # when two activities are recorded after the rebuild
    first = record_exchange(coordinator, built, other_member, member, minutes=45, when=day(20))
    second = activity_record_from_workflow(
        actor_user=None, community=community, service=built, kind="shift", phase="deliver", title="Shift",
        occurred_at=day(21), source="test", contributions=[ContributionInput(member.pk, "took_part", 90)],
    )
    # then each left a pending row, and figures come from the record meanwhile
    assert set(PendingRollup.objects.filter(community=community).values_list("activity_id", flat=True)) == {
        first.pk, second.pk
    }
    assert not rollups_current(community=community)
    assert facts(community).sources == ALL_RECORDS
    # when the rollups catch up, exactly those two are applied
    assert rollups_catch_up(community=community) == 2
    assert not PendingRollup.objects.filter(community=community).exists()
    assert rollups_current(community=community)
    # and rollups give the record's figures again, including the new exchange: the member who had only
    # received (before the period) now gave
    assert_matches_record(community, ALL_ROLLUPS)
    after = facts(community)
    assert (after.givers, after.receivers, after.help_pairs) == (1, 1, 1)
    assert (after.started_receiving, after.moved_to_giving) == (1, 1)
    assert rollups_catch_up(community=community) == 0


def test_catching_up_many_times_gives_what_one_rebuild_gives(community, coordinator, member, other_member, built):
    people = [member, other_member, coordinator]
    for n in range(6):
        record_exchange(coordinator, built, people[n % 3], people[(n + 1) % 3], minutes=10 * n, when=day(30 + 7 * n))
        assert rollups_catch_up(community=community) == 1
        assert_matches_record(community, ALL_ROLLUPS)
    by_catch_up = facts(community)
    rollups_rebuild(community=community)
    assert facts(community) == by_catch_up


contribution = st.tuples(st.integers(0, 7), st.sampled_from(ROLES), st.integers(0, 240))
step = st.tuples(
    st.integers(0, 1),  # which service
    st.one_of(st.sampled_from([-1, 0, 31]), st.integers(-60, 180)),  # day, in any order: activity is often late
    st.integers(0, 24 * 60 - 1),
    st.sampled_from(KINDS),
    st.sampled_from(PHASES),
    st.one_of(st.none(), st.integers(1, 7)),
    st.sampled_from(["", "garden"]),
    st.lists(contribution, min_size=1, max_size=5),
    st.booleans(),  # catch up after recording it
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.booleans(), min_size=3, max_size=7), steps=st.lists(step, max_size=15),
       later_start=st.integers(1, 150), closed_days=st.integers(1, 90))
def test_catching_up_at_any_point_gives_the_records_figures(kinds, steps, later_start, closed_days):
    # given a community whose (empty) rollups were built
    community = make_community()
    coordinator = make_member(community, role=Membership.Role.COORDINATOR, kind=Membership.Kind.PROFESSIONAL)
    people = [coordinator, *(make_member(community, kind="professional" if pro else "citizen") for pro in kinds)]
    backdate_members(community)
    services = [make_service(community), make_service(community)]
    rollups_rebuild(community=community)
    # when activities are recorded in any order, with catch-ups at any points
    waiting = 0
    for which, n, minute, kind, phase, ladder_step, category, contributions, catch_up in steps:
        unique = {(people[i % len(people)].pk, role): m for i, role, m in contributions}
        activity_record(
            actor=coordinator, community=community, service=services[which], kind=kind, phase=phase, title="Work",
            occurred_at=START + dt.timedelta(days=n, minutes=minute), ladder_step=ladder_step, category=category,
            contributions=[ContributionInput(member_id, role, m) for (member_id, role), m in unique.items()],
        )
        waiting += 1
        if catch_up:
            assert rollups_catch_up(community=community) == waiting
            waiting = 0
    assert rollups_catch_up(community=community) == waiting
    # then the rollups, only ever caught up, give the record's figures
    assert rollups_current(community=community)
    periods = [(START, END), (START + dt.timedelta(days=later_start), END), (START, START + dt.timedelta(days=closed_days))]
    for scope in (None, *services):
        for first, last in periods:
            diff, sources = differences(community, scope, first, last)
            assert diff == {}, (scope, first, last)
            assert sources == expected_sources(community, scope, first, last)


def test_catching_up_a_community_without_rollups_rebuilds(community, member, other_member):
    backdate_members(community)
    service = make_service(community)
    for n in range(3):
        exchange(community, service, member, other_member, when=day(n))
    assert not RollupState.objects.filter(community=community, built_at__isnull=False).exists()
    assert not rollups_current(community=community)
    assert facts(community).sources == ALL_RECORDS
    assert rollups_catch_up(community=community) == 3
    assert rollups_current(community=community)
    assert_matches_record(community, ALL_ROLLUPS)


def test_an_activity_written_without_a_pending_row_is_not_missed(community, member, other_member, built):
    # when an activity lands in the record without going through the services that queue it
    exchange(community, built, member, other_member, minutes=25, when=day(50))
    # then the rollups are not current, and the next catch-up rebuilds them with it
    assert not PendingRollup.objects.filter(community=community).exists()
    assert not rollups_current(community=community)
    assert facts(community).sources == ALL_RECORDS
    assert rollups_catch_up(community=community) == 3
    assert_matches_record(community, ALL_ROLLUPS)
    assert facts(community).phase_minutes["deliver"]["citizen"] == 25


def delete_an_activity(community, coordinator):
    Activity.objects.filter(community=community, kind="meeting").get().delete()


def delete_a_contribution(community, coordinator):
    # the only receipt, before the period: a first time that counts for it
    Contribution.objects.filter(community=community, role="received").get().delete()


def edit_a_contribution(community, coordinator):
    contribution = Contribution.objects.filter(community=community, role="facilitated").get()
    contribution.minutes = 200
    contribution.save()


def move_an_activity(community, coordinator):
    activity = Activity.objects.filter(community=community, kind="meeting").get()
    activity.occurred_at = START - dt.timedelta(days=40)
    activity.save()


def make_a_professional_a_citizen(community, coordinator):
    membership_set_role(actor=coordinator, community=community, membership_id=coordinator.pk,
                        kind=Membership.Kind.CITIZEN)


@pytest.mark.parametrize(
    "change",
    [delete_an_activity, delete_a_contribution, edit_a_contribution, move_an_activity, make_a_professional_a_citizen],
)
def test_a_change_rollups_cannot_follow_sends_figures_to_the_record(community, coordinator, built, change):
    before = facts(community)
    # when the record changes in a way rollups cannot follow
    change(community, coordinator)
    # then they are no longer current, figures come from the record and show the change
    assert not rollups_current(community=community)
    after = facts(community)
    assert after.sources == ALL_RECORDS
    assert comparable(after) != comparable(before)
    # and the next catch-up rebuilds them
    assert rollups_catch_up(community=community) == Activity.objects.filter(community=community).count()
    assert rollups_current(community=community)
    assert_matches_record(community, ALL_ROLLUPS)


def test_changing_the_time_zone_rebuilds_by_the_new_local_days(community, admin_member, member, other_member):
    # given an exchange at 02:00 London time on 1 March: still 28 February in New York
    backdate_members(community)
    service = make_service(community)
    exchange(community, service, member, other_member, minutes=40, when=dt.datetime(2025, 3, 1, 2, tzinfo=dt.UTC))
    rollups_rebuild(community=community)
    # when the community moves to New York time
    community_update(actor=admin_member, community=community, timezone="America/New_York")
    community.refresh_from_db()
    new_york = zoneinfo.ZoneInfo("America/New_York")
    february = (dt.datetime(2025, 2, 1, tzinfo=new_york), dt.datetime(2025, 3, 1, tzinfo=new_york))
    # then figures come from the record until a rebuild
    assert not rollups_current(community=community)
    assert facts(community, *february).sources == ALL_RECORDS
    rollups_catch_up(community=community)
    # and after it, New York's February has the exchange, by rollups as by the record
    assert_matches_record(community, ALL_ROLLUPS, *february)
    assert facts(community, *february).phase_minutes["deliver"]["citizen"] == 40


def test_a_change_of_status_needs_no_rebuild(community, coordinator, member, built):
    membership_set_role(actor=coordinator, community=community, membership_id=member.pk,
                        status=Membership.Status.SUSPENDED)
    assert rollups_current(community=community)
    assert_matches_record(community, ALL_ROLLUPS)
    assert facts(community).participants_in_scope == facts(community).participants - 1


def test_rebuilding_twice_gives_the_same_rows(community, built):
    once = stored_rows(community)
    assert all(once[name] for name in ("DayFigures", "MemberStanding", "PeerTie", "HelpGiven", "DayCount"))
    rollups_rebuild(community=community)
    assert stored_rows(community) == once


def test_another_communitys_activity_never_touches_these_rollups(
    community, other_community, coordinator, outsider, built
):
    # given both communities' rollups built
    theirs = make_member(other_community)
    their_service = make_service(other_community)
    rollups_rebuild(community=other_community)
    ours = stored_rows(community)
    # when activity is recorded, applied, and removed in the other community
    activity = activity_record(
        actor=outsider, community=other_community, service=their_service, kind="meeting", phase="design",
        title="Planning", occurred_at=day(8),
        contributions=[ContributionInput(outsider.pk, "took_part", 30), ContributionInput(theirs.pk, "took_part", 30)],
    )
    assert rollups_catch_up(community=other_community) == 1
    assert stored_rows(other_community)["PeerTie"]
    Activity.objects.get(pk=activity.pk).delete()
    # then ours are untouched and still current, with nothing pending
    assert stored_rows(community) == ours
    assert rollups_current(community=community)
    assert not rollups_current(community=other_community)
    assert rollups_catch_up(community=community) == 0


def test_refreshing_stored_figures_catches_up_first(community, coordinator, member, other_member, built):
    # given an exchange recorded since the rollups were built
    record_exchange(coordinator, built, member, other_member, minutes=90, when=day(40))
    assert not rollups_current(community=community)
    # when a coordinator refreshes the stored figures
    snapshot = snapshot_refresh(actor=coordinator, community=community, start=START, end=END)
    # then the rollups caught up first, and the figures include the exchange
    assert rollups_current(community=community)
    assert not PendingRollup.objects.filter(community=community).exists()
    assert snapshot.payload["funder"]["hours_given"] == 1.5  # the exchange before the period does not count
