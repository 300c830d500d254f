"""transfer_reverse: corrections are new transfers pointing at the original; nothing is edited or deleted."""

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger import services
from coproduce.ledger.models import Account, Transfer


def reverse(actor, community, transfer, key="rev", reason="Recorded twice"):
    return services.transfer_reverse(
        actor=actor, community=community, transfer=transfer, reason=reason, idempotency_key=key
    )


def test_reversal_moves_the_minutes_back_and_points_at_the_original(community, coordinator, accounts, exchange):
    mine, theirs, _fund = accounts
    reversal = reverse(coordinator, community, exchange)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.balance, theirs.balance) == (0, 0)
    stored = Transfer.objects.get(pk=reversal.pk)
    assert (
        stored.kind,
        stored.reverses_id,
        stored.from_account_id,
        stored.to_account_id,
        stored.minutes,
        stored.memo,
    ) == ("reversal", exchange.pk, theirs.pk, mine.pk, 90, "Recorded twice")
    assert Transfer.objects.filter(pk=exchange.pk).exists()


def test_a_transfer_is_reversed_at_most_once(community, coordinator, exchange):
    reverse(coordinator, community, exchange, key="r1")
    with pytest.raises(DomainError) as error:
        reverse(coordinator, community, exchange, key="r2")
    assert error.value.message == services.ERR_ALREADY_REVERSED
    assert Transfer.objects.filter(kind="reversal").count() == 1


def test_retry_of_a_reversal_returns_it(community, coordinator, exchange):
    first = reverse(coordinator, community, exchange, key="r1")
    again = reverse(coordinator, community, exchange, key="r1")
    assert (again.pk, again.replayed) == (first.pk, True)


def test_a_reversal_cannot_be_reversed(community, coordinator, exchange):
    reversal = reverse(coordinator, community, exchange, key="r1")
    with pytest.raises(DomainError) as error:
        reverse(coordinator, community, reversal, key="r2")
    assert error.value.message == services.ERR_REVERSE_REVERSAL


def test_only_coordinators_reverse(community, member, other_member, exchange):
    for actor in (member, other_member):
        with pytest.raises(NotFound):
            reverse(actor, community, exchange)
    assert Transfer.objects.count() == 1


def test_reason_is_required(community, coordinator, exchange):
    with pytest.raises(DomainError) as error:
        reverse(coordinator, community, exchange, reason="  ")
    assert (error.value.message, error.value.field) == (services.ERR_REASON_REQUIRED, "reason")


def test_transfer_of_another_community_is_not_found(community, other_community, outsider, exchange):
    with pytest.raises(NotFound):
        reverse(outsider, other_community, exchange)
    with pytest.raises(NotFound):
        reverse(outsider, other_community, 10**9)


def test_reversal_respects_the_receivers_hard_floor(community, coordinator, other_member, accounts, exchange):
    # given the receiver has already spent the 90 minutes and more
    _mine, theirs, fund = accounts
    services.transfer_create(
        actor=other_member,
        community=community,
        from_account=theirs,
        to_account=fund,
        minutes=90 + 700,
        kind="donation",
        idempotency_key="spent",
    )
    # when the exchange is reversed, then the receiver's floor blocks it, naming the account
    with pytest.raises(DomainError) as error:
        reverse(coordinator, community, exchange)
    assert f"member account {theirs.pk}" in str(error.value)
    # and after a coordinator lowers the floor, the reversal goes through
    services.account_limits_update(actor=coordinator, community=community, account=theirs, floor=-24 * 60)
    reverse(coordinator, community, exchange, key="rev-2")
    assert sum(Account.objects.filter(community=community).values_list("balance", flat=True)) == 0
