import re

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.sharedroles.services import ERR_CARE_NOT_FOR_RESIDENTS, template_update


@pytest.mark.django_db
def test_turning_a_resident_role_into_care_is_refused_and_changes_nothing(community, coordinator, garden):
    with pytest.raises(DomainError, match=re.escape(str(ERR_CARE_NOT_FOR_RESIDENTS))):
        template_update(actor=coordinator, community=community, template_id=garden.pk, is_personal_care=True)

    garden.refresh_from_db()
    assert not garden.is_personal_care


@pytest.mark.django_db
def test_a_role_can_be_taken_out_of_use(community, coordinator, garden):
    updated = template_update(
        actor=coordinator, community=community, template_id=garden.pk, is_active=False, description="Raised beds"
    )
    assert not updated.is_active
    assert updated.description == "Raised beds"


@pytest.mark.django_db
def test_a_role_of_another_community_is_not_found(other_community, outsider, garden):
    with pytest.raises(NotFound):
        template_update(actor=outsider, community=other_community, template_id=garden.pk, name="Mine")


@pytest.mark.django_db
def test_unknown_fields_are_refused(community, coordinator, garden):
    with pytest.raises(DomainError):
        template_update(actor=coordinator, community=community, template_id=garden.pk, community_id=99)
