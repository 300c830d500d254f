import re

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.timebank import services
from coproduce.timebank.models import Exchange


@pytest.mark.django_db
def test_the_listing_owner_accepts(community, proposed, member):
    exchange = services.exchange_accept(actor=member, community=community, exchange_id=proposed.pk)

    assert exchange.status == Exchange.Status.ACCEPTED
    assert exchange.accepted_at is not None


@pytest.mark.django_db
def test_the_responder_cannot_accept_their_own_response(community, proposed, other_member):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_NOT_YOUR_STEP))):
        services.exchange_accept(actor=other_member, community=community, exchange_id=proposed.pk)


@pytest.mark.django_db
def test_a_stranger_in_the_community_or_outside_it_cannot_accept(
    community, other_community, proposed, coordinator, outsider
):
    with pytest.raises(DomainError):
        services.exchange_accept(actor=coordinator, community=community, exchange_id=proposed.pk)
    with pytest.raises(NotFound):
        services.exchange_accept(actor=outsider, community=community, exchange_id=proposed.pk)
    with pytest.raises(NotFound):
        services.exchange_accept(actor=outsider, community=other_community, exchange_id=proposed.pk)
    proposed.refresh_from_db()
    assert proposed.status == Exchange.Status.PROPOSED


@pytest.mark.django_db
def test_declining_closes_it_with_the_reason_and_it_cannot_then_be_accepted(community, proposed, member):
    exchange = services.exchange_decline(
        actor=member, community=community, exchange_id=proposed.pk, reason="Away that week"
    )

    assert (exchange.status, exchange.closed_reason) == (Exchange.Status.DECLINED, "Away that week")
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WRONG_STATE))):
        services.exchange_accept(actor=member, community=community, exchange_id=proposed.pk)


@pytest.mark.django_db
def test_accepting_twice_is_refused(community, proposed, member):
    services.exchange_accept(actor=member, community=community, exchange_id=proposed.pk)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WRONG_STATE))):
        services.exchange_accept(actor=member, community=community, exchange_id=proposed.pk)
