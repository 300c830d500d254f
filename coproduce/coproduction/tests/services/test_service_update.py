import pytest

from coproduce.coproduction.services import ERR_SERVICE_TAKEN, service_create, service_update
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_coordinator_renames_and_pauses(community, coordinator):
    service = service_create(actor=coordinator, community=community, name="Garden")
    service_update(actor=coordinator, community=community, service_id=service.pk, name="Community garden", is_active=False)
    service.refresh_from_db()
    assert (service.name, service.is_active) == ("Community garden", False)


@pytest.mark.django_db
def test_refuses_a_name_in_use(community, coordinator):
    service_create(actor=coordinator, community=community, name="Garden")
    other = service_create(actor=coordinator, community=community, name="Kitchen")
    with pytest.raises(DomainError, match=str(ERR_SERVICE_TAKEN)):
        service_update(actor=coordinator, community=community, service_id=other.pk, name="garden")
    other.refresh_from_db()
    assert other.name == "Kitchen"


@pytest.mark.django_db
def test_services_elsewhere_look_missing(community, coordinator, other_community, outsider):
    theirs = service_create(actor=outsider, community=other_community, name="Theirs")
    with pytest.raises(NotFound):
        service_update(actor=coordinator, community=community, service_id=theirs.pk, name="Ours")
