"""Accounts with history for ledger tests."""

import pytest

from coproduce.ledger import services
from coproduce.ledger.selectors import account_for_membership, community_pool


@pytest.fixture
def accounts(community, member, other_member):
    """The member's and the other member's accounts, and the community fund."""
    return (
        account_for_membership(community=community, membership=member),
        account_for_membership(community=community, membership=other_member),
        community_pool(community=community),
    )


@pytest.fixture
def exchange(community, member, accounts):
    """The member has paid the other member 90 minutes."""
    mine, theirs, _fund = accounts
    return services.transfer_create(
        actor=member,
        community=community,
        from_account=mine,
        to_account=theirs,
        minutes=90,
        kind="exchange",
        idempotency_key="fixture-exchange",
        memo="Fixed a bike",
        category="Repairs",
    )
