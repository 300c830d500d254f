"""transfer_batch_create: a group exchange posts every leg or none, once per key."""

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.ledger import services
from coproduce.ledger.models import Account, Entry, Transfer
from coproduce.ledger.selectors import account_for_membership
from coproduce.ledger.services import TransferLeg


@pytest.fixture
def group(community):
    """Three receivers of a group session."""
    return [account_for_membership(community=community, membership=make_member(community)) for _ in range(3)]


def test_one_provider_many_receivers_posts_atomically(community, coordinator, accounts, group):
    # given a provider who ran a 90-minute session for three people
    provider, _theirs, _fund = accounts
    legs = [TransferLeg(from_account=r, to_account=provider, minutes=90, category="Cooking") for r in group]
    # when the group exchange is posted
    transfers = services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="g1")
    # then every leg is posted in one batch and the provider's running balance chains through them
    assert len({t.batch for t in transfers}) == 1
    assert [t.minutes for t in transfers] == [90, 90, 90]
    assert list(Entry.objects.filter(account=provider).order_by("pk").values_list("balance_after", flat=True)) == [
        90,
        180,
        270,
    ]
    provider.refresh_from_db()
    assert provider.balance == 270


def test_one_leg_over_the_limit_posts_nothing(community, coordinator, accounts, group):
    provider, _theirs, _fund = accounts
    services.account_limits_update(actor=coordinator, community=community, account=group[2], floor=-60, soft_floor=-30)
    legs = [TransferLeg(from_account=r, to_account=provider, minutes=90) for r in group]
    with pytest.raises(DomainError) as error:
        services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="g2")
    assert f"member account {group[2].pk}" in str(error.value)
    assert Transfer.objects.count() == Entry.objects.count() == 0
    assert set(Account.objects.values_list("balance", flat=True)) == {0}


def test_limits_apply_to_every_running_balance_not_only_the_last(community, coordinator, accounts):
    # A pays B 12 h then B pays A 12 h: the net is zero, but A passes its floor of -12 h only if the
    # second leg came first, so the order as given must be respected.
    a, b, _fund = accounts
    legs = [
        TransferLeg(from_account=a, to_account=b, minutes=721),
        TransferLeg(from_account=b, to_account=a, minutes=721),
    ]
    with pytest.raises(DomainError):
        services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="order")
    legs.reverse()
    with pytest.raises(DomainError):  # now it is b that would pass its floor first
        services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="order2")


def test_legs_that_cancel_out_leave_balances_unchanged(community, coordinator, accounts):
    a, b, _fund = accounts
    legs = [
        TransferLeg(from_account=a, to_account=b, minutes=30),
        TransferLeg(from_account=b, to_account=a, minutes=30),
    ]
    services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="swap")
    a.refresh_from_db()
    assert a.balance == 0
    assert Entry.objects.count() == 4


def test_retry_returns_the_original_batch(community, coordinator, accounts, group):
    provider, _theirs, _fund = accounts
    legs = [TransferLeg(from_account=r, to_account=provider, minutes=30) for r in group]
    first = services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="g3")
    again = services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="g3")
    assert [t.pk for t in again] == [t.pk for t in first]
    assert all(t.replayed for t in again)
    assert Transfer.objects.count() == 3


def test_retry_with_other_legs_is_refused(community, coordinator, accounts, group):
    provider, _theirs, _fund = accounts
    legs = [TransferLeg(from_account=r, to_account=provider, minutes=30) for r in group]
    services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="g4")
    with pytest.raises(DomainError) as error:
        services.transfer_batch_create(actor=coordinator, community=community, legs=legs[:2], idempotency_key="g4")
    assert error.value.message == services.ERR_KEY_REUSED


def test_empty_and_oversized_batches_are_refused(community, coordinator, accounts):
    a, b, _fund = accounts
    with pytest.raises(DomainError) as error:
        services.transfer_batch_create(actor=coordinator, community=community, legs=[], idempotency_key="e")
    assert error.value.message == services.ERR_EMPTY_BATCH
    legs = [TransferLeg(from_account=a, to_account=b, minutes=1)] * (services.MAX_BATCH_LEGS + 1)
    with pytest.raises(DomainError) as error:
        services.transfer_batch_create(actor=coordinator, community=community, legs=legs, idempotency_key="big")
    assert error.value.message == services.ERR_BATCH_TOO_LARGE


def test_a_bad_leg_refuses_the_batch(community, coordinator, outsider, other_community, accounts):
    a, b, _fund = accounts
    foreign = account_for_membership(community=other_community, membership=outsider)
    with pytest.raises(NotFound):
        services.transfer_batch_create(
            actor=coordinator,
            community=community,
            idempotency_key="x",
            legs=[
                TransferLeg(from_account=a, to_account=b, minutes=10),
                TransferLeg(from_account=a, to_account=foreign, minutes=10),
            ],
        )
    with pytest.raises(DomainError):
        services.transfer_batch_create(
            actor=coordinator,
            community=community,
            idempotency_key="y",
            legs=[
                TransferLeg(from_account=a, to_account=b, minutes=10),
                TransferLeg(from_account=a, to_account=a, minutes=10),
            ],
        )
    assert Transfer.objects.count() == 0


def test_member_batch_may_only_spend_their_own_hours(community, member, accounts):
    mine, theirs, fund = accounts
    services.transfer_batch_create(
        actor=member,
        community=community,
        idempotency_key="own",
        legs=[
            TransferLeg(from_account=mine, to_account=theirs, minutes=10),
            TransferLeg(from_account=mine, to_account=fund, minutes=5, kind="donation"),
        ],
    )
    with pytest.raises(NotFound):
        services.transfer_batch_create(
            actor=member,
            community=community,
            idempotency_key="other",
            legs=[
                TransferLeg(from_account=mine, to_account=theirs, minutes=10),
                TransferLeg(from_account=theirs, to_account=mine, minutes=5),
            ],
        )
    assert Transfer.objects.count() == 2


def test_a_key_used_by_a_batch_cannot_be_reused_by_a_single_transfer(community, coordinator, accounts):
    a, b, _fund = accounts
    services.transfer_batch_create(
        actor=coordinator,
        community=community,
        idempotency_key="shared",
        legs=[TransferLeg(from_account=a, to_account=b, minutes=10)],
    )
    with pytest.raises(DomainError) as error:
        services.transfer_create(
            actor=coordinator,
            community=community,
            from_account=a,
            to_account=b,
            minutes=10,
            kind="exchange",
            idempotency_key="shared",
        )
    assert error.value.message == services.ERR_KEY_REUSED
    assert Transfer.objects.count() == 1
