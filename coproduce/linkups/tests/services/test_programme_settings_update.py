import re

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.selectors import programme_settings_get
from coproduce.linkups.services import programme_settings_update
from coproduce.linkups.services.programme import ERR_CAPACITY


@pytest.mark.django_db
def test_defaults_then_coordinators_change_them(community, coordinator):
    assert programme_settings_get(community=community).coach_sharing_capacity == 15
    assert programme_settings_get(community=community).coach_seeking_capacity == 40

    programme_settings_update(actor=coordinator, community=community, coach_sharing_capacity=12, require_reference=True)

    settings = programme_settings_get(community=community)
    assert (settings.coach_sharing_capacity, settings.coach_seeking_capacity, settings.require_reference) == (
        12,
        40,
        True,
    )


@pytest.mark.django_db
def test_refuses_nonsense_and_non_coordinators(community, coordinator, member):
    with pytest.raises(DomainError, match=re.escape(str(ERR_CAPACITY))):
        programme_settings_update(actor=coordinator, community=community, coach_sharing_capacity=0)
    with pytest.raises(NotFound):
        programme_settings_update(actor=member, community=community, coach_sharing_capacity=20)
    assert programme_settings_get(community=community).coach_sharing_capacity == 15
