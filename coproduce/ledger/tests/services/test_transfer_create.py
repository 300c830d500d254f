"""transfer_create: moves minutes once per key, under locks, within hard limits."""

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger import services
from coproduce.ledger.models import Entry, Transfer
from coproduce.ledger.selectors import account_for_membership, community_pool


def test_moves_minutes_and_writes_two_entries(community, member, other_member):
    # given two members with fresh accounts
    giver = account_for_membership(community=community, membership=member)
    taker = account_for_membership(community=community, membership=other_member)
    # when the member pays the other for an hour
    transfer = services.transfer_create(
        actor=member,
        community=community,
        from_account=giver,
        to_account=taker,
        minutes=60,
        kind=Transfer.Kind.EXCHANGE,
        idempotency_key="k1",
    )
    # then both balances move and each side has an entry with its running balance
    giver.refresh_from_db()
    taker.refresh_from_db()
    assert (giver.balance, taker.balance) == (-60, 60)
    entries = {e.account_id: (e.amount, e.balance_after) for e in Entry.objects.filter(transfer=transfer)}
    assert entries == {giver.pk: (-60, -60), taker.pk: (60, 60)}
    assert transfer.recorded_by_id == member.user_id
    assert transfer.replayed is False


def test_retry_with_same_key_returns_original(community, member, other_member):
    giver = account_for_membership(community=community, membership=member)
    taker = account_for_membership(community=community, membership=other_member)
    first = services.transfer_create(
        actor=member,
        community=community,
        from_account=giver,
        to_account=taker,
        minutes=30,
        kind="exchange",
        idempotency_key="same",
    )
    again = services.transfer_create(
        actor=member,
        community=community,
        from_account=giver,
        to_account=taker,
        minutes=30,
        kind="exchange",
        idempotency_key="same",
    )
    assert again.pk == first.pk
    assert again.replayed is True
    assert Transfer.objects.count() == 1
    giver.refresh_from_db()
    assert giver.balance == -30


def test_refuses_crossing_floor(community, member, other_member):
    giver = account_for_membership(community=community, membership=member)
    taker = account_for_membership(community=community, membership=other_member)
    with pytest.raises(DomainError) as error:
        services.transfer_create(
            actor=member,
            community=community,
            from_account=giver,
            to_account=taker,
            minutes=12 * 60 + 1,
            kind="exchange",
            idempotency_key="big",
        )
    assert error.value.code == "below_floor"
    assert Transfer.objects.count() == 0


def test_fund_donation(community, member):
    account = account_for_membership(community=community, membership=member)
    fund = community_pool(community=community)
    services.transfer_create(
        actor=member,
        community=community,
        from_account=account,
        to_account=fund,
        minutes=15,
        kind="donation",
        idempotency_key="d",
    )
    fund.refresh_from_db()
    assert fund.balance == 15


def test_other_community_account_is_not_found(community, member, outsider, other_community):
    mine = account_for_membership(community=community, membership=member)
    theirs = account_for_membership(community=other_community, membership=outsider)
    with pytest.raises(NotFound):
        services.transfer_create(
            actor=member,
            community=community,
            from_account=mine,
            to_account=theirs,
            minutes=15,
            kind="exchange",
            idempotency_key="x",
        )
