import datetime as dt

import pytest
from django.utils import timezone

from coproduce.coproduction.models import Activity, Contribution
from coproduce.coproduction.services import (
    ERR_MEMBER_NOT_IN_COMMUNITY,
    ERR_NO_CONTRIBUTIONS,
    ContributionInput,
    activity_record,
    service_create,
)
from coproduce.core.errors import DomainError, NotFound


@pytest.fixture
def service(community, coordinator):
    return service_create(actor=coordinator, community=community, name="Lunch club")


@pytest.mark.django_db
def test_records_activity_with_each_contribution(community, coordinator, member, service):
    activity = activity_record(
        actor=coordinator, community=community, service=service, kind="workshop", phase="design",
        title="Menu planning", occurred_at=timezone.now() - dt.timedelta(hours=2), ladder_step=6,
        contributions=[ContributionInput(member.pk, "took_part", 90), ContributionInput(coordinator.pk, "facilitated", 90)],
    )
    assert activity.phase == "design"
    assert sorted(Contribution.objects.filter(activity=activity).values_list("role", "minutes")) == [
        ("facilitated", 90), ("took_part", 90)]


@pytest.mark.django_db
def test_refuses_people_from_another_community_and_writes_nothing(community, coordinator, outsider, service):
    with pytest.raises(DomainError, match=str(ERR_MEMBER_NOT_IN_COMMUNITY)):
        activity_record(
            actor=coordinator, community=community, service=service, kind="meeting", phase="design", title="Plan",
            occurred_at=timezone.now(), contributions=[ContributionInput(outsider.pk, "took_part", 30)],
        )
    assert Activity.objects.count() == 0


@pytest.mark.django_db
def test_refuses_empty_contributions(community, coordinator, service):
    with pytest.raises(DomainError, match=str(ERR_NO_CONTRIBUTIONS)):
        activity_record(actor=coordinator, community=community, service=service, kind="meeting", phase="design",
                        title="Plan", occurred_at=timezone.now(), contributions=[])


@pytest.mark.django_db
def test_members_cannot_record_activities(community, member, service):
    with pytest.raises(NotFound):
        activity_record(actor=member, community=community, service=service, kind="meeting", phase="design",
                        title="Plan", occurred_at=timezone.now(), contributions=[ContributionInput(member.pk, "took_part", 30)])
