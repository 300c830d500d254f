import pytest
from django.utils import timezone

from coproduce.coproduction.models import Activity, Service
from coproduce.coproduction.services import (
    ERR_MEMBER_NOT_IN_COMMUNITY,
    ContributionInput,
    activity_record_from_workflow,
    service_for_workflow,
)
from coproduce.core.errors import DomainError


@pytest.mark.django_db
def test_workflow_records_under_its_own_service_created_on_first_use(community, member, other_member):
    service = service_for_workflow(community=community, name="Time bank")
    assert service_for_workflow(community=community, name="Time bank") == service
    activity = activity_record_from_workflow(
        actor_user=member.user, community=community, service=service, kind="exchange", phase="deliver",
        title="Dog walking", occurred_at=timezone.now(), source="timebank",
        contributions=[ContributionInput(member.pk, "gave", 60), ContributionInput(other_member.pk, "received", 60)],
    )
    assert (activity.source, activity.contributions.count()) == ("timebank", 2)


@pytest.mark.django_db
def test_workflow_services_are_per_community(community, other_community):
    assert service_for_workflow(community=community, name="Time bank") != service_for_workflow(community=other_community, name="Time bank")
    assert Service.objects.count() == 2


@pytest.mark.django_db
def test_workflows_cannot_record_people_from_elsewhere(community, member, outsider):
    service = service_for_workflow(community=community, name="Time bank")
    with pytest.raises(DomainError, match=str(ERR_MEMBER_NOT_IN_COMMUNITY)):
        activity_record_from_workflow(
            actor_user=member.user, community=community, service=service, kind="exchange", phase="deliver", title="x",
            occurred_at=timezone.now(), source="timebank", contributions=[ContributionInput(outsider.pk, "gave", 60)],
        )
    assert not Activity.objects.exists()
