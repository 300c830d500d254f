import pytest

from coproduce.core.errors import NotFound
from coproduce.sharedroles.selectors import settings_get
from coproduce.sharedroles.services import settings_update


@pytest.mark.django_db
def test_credits_are_off_until_a_coordinator_switches_them_on(community, coordinator, member):
    assert not settings_get(community=community).credits_enabled
    with pytest.raises(NotFound):
        settings_update(actor=member, community=community, credits_enabled=True)

    settings_update(actor=coordinator, community=community, credits_enabled=True)

    assert settings_get(community=community).credits_enabled
