import datetime as dt

import pytest
from django.utils import timezone

from coproduce.core.errors import NotFound
from coproduce.sharedroles.selectors import committee_decisions, committee_get
from coproduce.sharedroles.services import DecisionInput, committee_create, committee_meeting_record


@pytest.mark.django_db
def test_the_log_shows_newest_decisions_first_and_stays_in_its_community(
    community, coordinator, resident, other_community
):
    committee = committee_create(
        actor=coordinator, community=community, name="Residents' council", chair_id=resident.pk
    )
    for days, text in ((10, "Open the garden gate"), (3, "Buy a piano")):
        committee_meeting_record(
            actor=resident,
            community=community,
            committee_id=committee.pk,
            held_at=timezone.now() - dt.timedelta(days=days),
            duration_minutes=60,
            attendee_ids=[resident.pk],
            decisions=[DecisionInput(text, "adopted")],
        )

    assert [d.text for d in committee_decisions(community=community, committee=committee)] == [
        "Buy a piano",
        "Open the garden gate",
    ]
    with pytest.raises(NotFound):
        committee_get(community=other_community, committee_id=committee.pk)
