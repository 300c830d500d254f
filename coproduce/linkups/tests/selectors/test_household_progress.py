import datetime as dt

import pytest
from django.utils import timezone

from coproduce.linkups.selectors import household_progress
from coproduce.linkups.services import GoalInput, checkin_record, goals_set


@pytest.mark.django_db
def test_each_goal_with_its_ratings_oldest_first(coordinator, linkup_since_last_week):
    linkup = linkup_since_last_week
    community = coordinator.community
    calm, school = goals_set(
        actor=coordinator,
        community=community,
        household_id=linkup.seeking_id,
        goals=[GoalInput("Calm mornings"), GoalInput("Back to school")],
    )
    now = timezone.now()
    later = checkin_record(
        actor=coordinator,
        community=community,
        linkup_id=linkup.pk,
        occurred_at=now,
        minutes=60,
        ratings={calm.pk: 6, school.pk: 4},
    )
    earlier = checkin_record(
        actor=coordinator,
        community=community,
        linkup_id=linkup.pk,
        occurred_at=now - dt.timedelta(hours=5),
        minutes=60,
        ratings={calm.pk: 2},
    )

    progress = household_progress(community=community, household=linkup.seeking)

    assert [p.goal for p in progress] == [calm, school]
    assert progress[0].points == [(earlier.occurred_at, 2), (later.occurred_at, 6)]
    assert (progress[0].first, progress[0].latest, progress[0].change) == (2, 6, 4)
    assert (progress[1].latest, progress[1].change) == (4, None)
