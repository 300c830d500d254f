import pytest

from coproduce.core.errors import NotFound
from coproduce.timebank import selectors, services
from coproduce.timebank.tests.conftest import brokered_member


@pytest.mark.django_db
def test_a_member_turns_the_digest_off_and_on(community, member):
    assert selectors.preference_for(community=community, membership=member).weekly_digest is True

    services.preference_update(actor=member, community=community, weekly_digest=False)
    assert selectors.preference_for(community=community, membership=member).weekly_digest is False
    services.preference_update(actor=member, community=community, weekly_digest=True)
    assert selectors.preference_for(community=community, membership=member).weekly_digest is True


@pytest.mark.django_db
def test_only_the_member_or_their_coordinator_changes_it(community, coordinator, member, other_member):
    with pytest.raises(NotFound):
        services.preference_update(
            actor=member, community=community, weekly_digest=False, membership_id=other_member.pk
        )
    bea = brokered_member(community)
    services.preference_update(actor=coordinator, community=community, weekly_digest=False, membership_id=bea.pk)
    assert selectors.preference_for(community=community, membership=bea).weekly_digest is False
