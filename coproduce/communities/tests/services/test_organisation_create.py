import pytest

from coproduce.communities.models import Organisation
from coproduce.communities.services import ERR_ORGANISATION_TAKEN, organisation_create
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_coordinator_adds_an_organisation_once(community, coordinator):
    organisation_create(actor=coordinator, community=community, name="Health Centre", contact_email="HC@example.org")
    assert Organisation.objects.get().contact_email == "hc@example.org"
    with pytest.raises(DomainError, match=str(ERR_ORGANISATION_TAKEN)):
        organisation_create(actor=coordinator, community=community, name="health centre")


@pytest.mark.django_db
def test_the_same_name_is_fine_in_another_community(community, coordinator, other_community, outsider):
    organisation_create(actor=coordinator, community=community, name="School")
    organisation_create(actor=outsider, community=other_community, name="School")
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_refuses_bad_email_and_members(community, coordinator, member):
    with pytest.raises(DomainError) as error:
        organisation_create(actor=coordinator, community=community, name="X", contact_email="nope")
    assert error.value.field == "contact_email"
    with pytest.raises(NotFound):
        organisation_create(actor=member, community=community, name="Y")
    assert not Organisation.objects.exists()
