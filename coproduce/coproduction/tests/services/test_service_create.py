import pytest

from coproduce.audit.models import AuditEvent
from coproduce.coproduction.models import Service
from coproduce.coproduction.services import ERR_SERVICE_NAME, ERR_SERVICE_TAKEN, service_create
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_coordinator_creates_a_service_and_it_is_audited(community, coordinator):
    service = service_create(actor=coordinator, community=community, name=" Lunch club ", description="Weekly")
    assert (service.name, service.community_id) == ("Lunch club", community.pk)
    assert AuditEvent.objects.filter(action="service.create", object_id=str(service.pk)).exists()


@pytest.mark.django_db
def test_refuses_empty_and_duplicate_names(community, coordinator):
    with pytest.raises(DomainError, match=str(ERR_SERVICE_NAME)):
        service_create(actor=coordinator, community=community, name="  ")
    service_create(actor=coordinator, community=community, name="Garden")
    with pytest.raises(DomainError, match=str(ERR_SERVICE_TAKEN)):
        service_create(actor=coordinator, community=community, name="GARDEN")
    assert Service.objects.count() == 1


@pytest.mark.django_db
def test_members_and_outsiders_cannot(community, member, outsider):
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            service_create(actor=actor, community=community, name="Mine")
    assert not Service.objects.exists()
