import datetime as dt

import pytest
from django.utils import timezone

from coproduce.linkups.selectors import coach_caseloads, programme_summary
from coproduce.linkups.services import (
    GoalInput,
    checkin_record,
    goal_mark_met,
    goals_set,
    household_set_role,
    linkup_complete,
    linkup_end_early,
)
from coproduce.linkups.tests.factories import link, make_household, train_and_check


@pytest.mark.django_db
def test_counts_goals_met_link_ups_by_outcome_and_families_who_went_on_to_share(coordinator, coach, sharing):
    community = coordinator.community
    today = timezone.localdate()
    first = make_household(coordinator, name="Ahmed family", role_since=today - dt.timedelta(days=200))
    second = make_household(coordinator, name="Brown family")
    done = link(coordinator, first, sharing, coach, starts_on=today - dt.timedelta(days=100))
    calm, _money = goals_set(
        actor=coordinator,
        community=community,
        household_id=first.pk,
        goals=[GoalInput("Calm mornings", ("routines",)), GoalInput("Savings", ("money", "routines"))],
    )
    checkin_record(
        actor=coordinator,
        community=community,
        linkup_id=done.pk,
        minutes=60,
        ratings={calm.pk: 2},
        occurred_at=timezone.now() - dt.timedelta(days=50),
    )
    checkin_record(
        actor=coordinator,
        community=community,
        linkup_id=done.pk,
        minutes=60,
        ratings={calm.pk: 7},
        occurred_at=timezone.now() - dt.timedelta(days=10),
    )
    goal_mark_met(actor=coordinator, community=community, goal_id=calm.pk)
    linkup_complete(actor=coordinator, community=community, linkup_id=done.pk)
    early = link(coordinator, second, sharing, coach)
    linkup_end_early(actor=coordinator, community=community, linkup_id=early.pk, reason="Moved away")
    link(coordinator, make_household(coordinator, name="Chen family"), sharing, coach)
    household_set_role(
        actor=coordinator, community=community, household_id=first.pk, role="sharing", on=today - dt.timedelta(days=5)
    )

    summary = programme_summary(community=community)

    assert summary.linkups == {"active": 1, "completed": 1, "ended_early": 1}
    assert (summary.goals["met"], summary.goals["open"], summary.goals["total"]) == (1, 1, 2)
    themes = {t.theme: (t.goals, t.met) for t in summary.themes}
    assert themes["routines"] == (2, 1)
    assert themes["money"] == (1, 0)
    assert summary.rated_goals == 1
    assert summary.average_gain == 5
    assert [(b.household.name, b.sought_from, b.sharing_from) for b in summary.became_sharing] == [
        ("Ahmed family", today - dt.timedelta(days=200), today - dt.timedelta(days=5))
    ]
    assert [lu.end_reason for lu in summary.ended_early] == ["Moved away"]
    assert summary.households["sharing"] == 2


@pytest.mark.django_db
def test_a_family_that_was_sharing_from_the_start_did_not_go_on_to_share(coordinator, sharing):
    assert programme_summary(community=coordinator.community).became_sharing == []


@pytest.mark.django_db
def test_coach_caseloads_against_capacity(coordinator, coach, sharing):
    other_sharer = make_household(coordinator, name="Ng family", role="sharing", sharing_capacity=2)
    train_and_check(coordinator, other_sharer)
    link(coordinator, make_household(coordinator, name="A"), sharing, coach)
    link(coordinator, make_household(coordinator, name="B"), other_sharer, coach)
    link(coordinator, make_household(coordinator, name="C"), other_sharer, coach)

    caseloads = {c.coach: c for c in coach_caseloads(community=coordinator.community)}

    assert (caseloads[coach].sharing, caseloads[coach].seeking, caseloads[coach].sharing_capacity) == (2, 3, 15)
    assert caseloads[coach].sharing_room == 13
    assert (caseloads[coordinator].sharing, caseloads[coordinator].is_full) == (0, False)
