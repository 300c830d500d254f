import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.coproduction.models import Activity, Contribution
from coproduce.core.errors import DomainError, NotFound
from coproduce.sharedroles.models import CommitteeDecision
from coproduce.sharedroles.services import (
    ERR_ATTENDEE_NOT_MEMBER,
    ERR_DECISION_OUTCOME,
    ERR_MEETING_FUTURE,
    ERR_NO_ATTENDEES,
    DecisionInput,
    committee_create,
    committee_meeting_record,
)


@pytest.fixture
def menu_committee(community, coordinator, resident, family, staff):
    return committee_create(
        actor=coordinator,
        community=community,
        name="Menu committee",
        member_ids=[family.pk, staff.pk],
        chair_id=resident.pk,
    )


def _held():
    return timezone.now() - dt.timedelta(days=1)


@pytest.mark.django_db
def test_a_meeting_with_decisions_is_co_design_led_by_its_resident_chair(
    community, menu_committee, resident, family, staff
):
    meeting = committee_meeting_record(
        actor=resident,
        community=community,
        committee_id=menu_committee.pk,
        held_at=_held(),
        duration_minutes=60,
        attendee_ids=[resident.pk, family.pk, staff.pk],
        decisions=[DecisionInput("Fish on Fridays", "adopted"), DecisionInput("Stop serving tea at 4", "declined")],
    )

    activity = meeting.activity
    assert (activity.kind, activity.phase, activity.source) == ("meeting", "design", "sharedroles")
    roles = dict(Contribution.objects.filter(activity=activity).values_list("membership_id", "role"))
    assert roles == {resident.pk: "facilitated", family.pk: "decided", staff.pk: "decided"}
    assert sorted(CommitteeDecision.objects.values_list("text", "outcome")) == [
        ("Fish on Fridays", "adopted"),
        ("Stop serving tea at 4", "declined"),
    ]


@pytest.mark.django_db
def test_members_of_a_meeting_without_decisions_took_part(community, coordinator, menu_committee, family, staff):
    meeting = committee_meeting_record(
        actor=coordinator,
        community=community,
        committee_id=menu_committee.pk,
        held_at=_held(),
        duration_minutes=45,
        attendee_ids=[family.pk, staff.pk],
    )
    roles = set(Contribution.objects.filter(activity=meeting.activity).values_list("role", flat=True))
    assert roles == {"took_part"}


@pytest.mark.django_db
def test_refusals_change_nothing(community, coordinator, menu_committee, family, other_resident):
    cases = [
        ({"attendee_ids": []}, ERR_NO_ATTENDEES),
        ({"attendee_ids": [other_resident.pk]}, ERR_ATTENDEE_NOT_MEMBER),
        ({"held_at": timezone.now() + dt.timedelta(days=2)}, ERR_MEETING_FUTURE),
        ({"decisions": [DecisionInput("More walks", "maybe")]}, ERR_DECISION_OUTCOME),
    ]
    for change, message in cases:
        arguments = {"held_at": _held(), "duration_minutes": 30, "attendee_ids": [family.pk], **change}
        with pytest.raises(DomainError, match=re.escape(str(message))):
            committee_meeting_record(
                actor=coordinator, community=community, committee_id=menu_committee.pk, **arguments
            )
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_only_the_chair_or_a_coordinator_records_a_meeting(community, menu_committee, family, outsider):
    for actor in (family, outsider):
        with pytest.raises(NotFound):
            committee_meeting_record(
                actor=actor,
                community=community,
                committee_id=menu_committee.pk,
                held_at=_held(),
                duration_minutes=30,
                attendee_ids=[family.pk],
            )
