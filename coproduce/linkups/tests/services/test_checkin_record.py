import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.coproduction.models import Activity, Contribution
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import CheckIn, GoalRating
from coproduce.linkups.services import GoalInput, checkin_record, goal_mark_met, goals_set, linkup_end_early
from coproduce.linkups.services.checkins import (
    ERR_BEFORE_START,
    ERR_GOAL_NOT_IN_LINKUP,
    ERR_MINUTES,
    ERR_NOT_ACTIVE,
    ERR_SCORE,
)
from coproduce.linkups.tests.factories import adult_membership, link, make_household


@pytest.fixture
def goals(coordinator, linkup):
    return goals_set(
        actor=coordinator,
        community=coordinator.community,
        household_id=linkup.seeking_id,
        goals=[GoalInput("Calm mornings", ("routines",)), GoalInput("Back to school", ("school",))],
    )


@pytest.mark.django_db
def test_records_ratings_and_a_deliver_activity_with_gave_received_and_facilitated(coordinator, linkup, goals, coach):
    rana = adult_membership(linkup.seeking)
    when = timezone.now()  # the link-up starts today: earlier could be yesterday, just after midnight

    checkin = checkin_record(
        actor=rana,
        community=coordinator.community,
        linkup_id=linkup.pk,
        occurred_at=when,
        minutes=90,
        coach_minutes=30,
        ratings={goals[0].pk: 3, goals[1].pk: 6},
        notes="Good week",
    )

    assert sorted(GoalRating.objects.filter(checkin=checkin).values_list("goal_id", "score")) == [
        (goals[0].pk, 3),
        (goals[1].pk, 6),
    ]
    activity = checkin.activity
    assert (activity.phase, activity.kind, activity.source, activity.occurred_at) == (
        "deliver",
        "linkup_session",
        "linkups",
        when,
    )
    assert sorted(
        Contribution.objects.filter(activity=activity).values_list("membership_id", "role", "minutes")
    ) == sorted(
        [(adult_membership(linkup.sharing).pk, "gave", 90), (rana.pk, "received", 90), (coach.pk, "facilitated", 30)]
    )


@pytest.mark.django_db
def test_a_coach_who_was_not_there_is_not_counted(coordinator, linkup, coach):
    checkin = checkin_record(
        actor=coordinator,
        community=coordinator.community,
        linkup_id=linkup.pk,
        occurred_at=timezone.now(),
        minutes=60,
        coach_minutes=0,
    )
    assert not Contribution.objects.filter(activity=checkin.activity, membership=coach).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"minutes": 0}, ERR_MINUTES),
        ({"minutes": 2000}, ERR_MINUTES),
        ({"ratings": {0: 11}}, ERR_SCORE),
        ({"occurred_at": timezone.now() - dt.timedelta(days=30)}, ERR_BEFORE_START),
    ],
)
def test_refuses_bad_check_ins_and_records_nothing(coordinator, linkup, goals, fields, message):
    arguments = {"occurred_at": timezone.now(), "minutes": 60, "ratings": {goals[0].pk: 5}}
    arguments.update(fields)
    if "ratings" in fields:
        arguments["ratings"] = {goals[0].pk: 11}
    with pytest.raises(DomainError, match=re.escape(str(message))):
        checkin_record(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, **arguments)
    assert CheckIn.objects.count() == 0
    assert Activity.objects.filter(source="linkups", phase="deliver").count() == 0


@pytest.mark.django_db
def test_only_open_goals_of_this_link_up_can_be_rated(coordinator, linkup, goals, coach):
    other = link(coordinator, make_household(coordinator, name="Other"), make_sharing(coordinator), coach)
    [other_goal] = goals_set(
        actor=coordinator,
        community=coordinator.community,
        household_id=other.seeking_id,
        goals=[GoalInput("Elsewhere")],
    )
    goal_mark_met(actor=coordinator, community=coordinator.community, goal_id=goals[1].pk)
    for goal_id in (other_goal.pk, goals[1].pk):
        with pytest.raises(DomainError, match=re.escape(str(ERR_GOAL_NOT_IN_LINKUP))):
            checkin_record(
                actor=coordinator,
                community=coordinator.community,
                linkup_id=linkup.pk,
                occurred_at=timezone.now(),
                minutes=60,
                ratings={goal_id: 5},
            )


def make_sharing(coordinator):
    from coproduce.linkups.tests.factories import train_and_check

    household = make_household(coordinator, name="Another sharer", role="sharing")
    train_and_check(coordinator, household)
    return household


@pytest.mark.django_db
def test_check_ins_stop_when_the_link_up_has_ended(coordinator, linkup):
    linkup_end_early(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, reason="Moved away")
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_ACTIVE))):
        checkin_record(
            actor=coordinator,
            community=coordinator.community,
            linkup_id=linkup.pk,
            occurred_at=timezone.now(),
            minutes=60,
        )


@pytest.mark.django_db
def test_people_outside_the_link_up_cannot_record_check_ins(coordinator, linkup, member, outsider):
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            checkin_record(
                actor=actor,
                community=coordinator.community,
                linkup_id=linkup.pk,
                occurred_at=timezone.now(),
                minutes=60,
            )
    assert CheckIn.objects.count() == 0
