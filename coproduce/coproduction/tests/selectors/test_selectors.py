import pytest
from django.utils import timezone

from coproduce.coproduction.selectors import activities_list, activity_get, service_get, service_phase_minutes
from coproduce.coproduction.services import ContributionInput, activity_record, service_create
from coproduce.core.errors import NotFound


@pytest.fixture
def recorded(community, coordinator, member):
    service = service_create(actor=coordinator, community=community, name="Garden")
    activity = activity_record(actor=coordinator, community=community, service=service, kind="workshop", phase="design",
                               title="Plan", occurred_at=timezone.now(),
                               contributions=[ContributionInput(member.pk, "took_part", 40),
                                              ContributionInput(coordinator.pk, "facilitated", 20)])
    return service, activity


@pytest.mark.django_db
def test_activities_carry_people_and_minutes(community, recorded):
    listed = list(activities_list(community=community))
    assert [(a.people, a.minutes) for a in listed] == [(2, 60)]


@pytest.mark.django_db
def test_phase_minutes_split_citizens_and_professionals(community, recorded):
    service, _activity = recorded
    design = next(r for r in service_phase_minutes(community=community, service=service) if r["phase"] == "design")
    assert (design["citizen"], design["professional"]) == (40, 20)


@pytest.mark.django_db
def test_reads_never_cross_communities(other_community, recorded):
    service, activity = recorded
    with pytest.raises(NotFound):
        service_get(community=other_community, service_id=service.pk)
    with pytest.raises(NotFound):
        activity_get(community=other_community, activity_id=activity.pk)
    assert not activities_list(community=other_community).exists()
