"""pool_credit: a workflow pays people from a community pool, each credit once; any refusal posts nothing."""

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.coproduction.models import Activity
from coproduce.coproduction.services import service_for_workflow
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.ledger import services
from coproduce.ledger.models import Account, Entry, Transfer
from coproduce.ledger.selectors import account_for_membership, community_pool


def credit(to, minutes=60, key="k", **extra):
    return services.PoolCredit(to=to, minutes=minutes, idempotency_key=key, **extra)


def pay(actor, community, credits, pool="shared_roles", **extra):
    return services.pool_credit(
        actor=actor,
        community=community,
        pool=pool,
        credits=credits,
        kind=extra.pop("kind", "shift_credit"),
        workflow=extra.pop("workflow", "sharedroles"),
        **extra,
    )


def assert_nothing_posted():
    assert Transfer.objects.count() == 0
    assert Entry.objects.count() == 0
    assert set(Account.objects.values_list("balance", flat=True)) <= {0}


def test_pays_each_credit_from_the_pool(community, coordinator, member, other_member):
    # given a shift both members worked, the second one already holding an account
    service = service_for_workflow(community=community, name="Shared roles")
    shift = Activity.objects.create(
        community=community, service=service, kind="shift", phase="deliver", title="Kitchen", occurred_at=timezone.now()
    )
    theirs = account_for_membership(community=community, membership=other_member)
    # when the workflow pays them from its pool
    transfers = pay(
        coordinator,
        community,
        [
            credit(member, 90, "shift:1:member:a", memo="Kitchen shift", category="kitchen"),
            credit(theirs, 30, "shift:1:member:b", memo="Kitchen shift", category="kitchen"),
        ],
        activity=shift,
    )
    # then the pool opens on first use and pays each of them once, in order, for the activity
    pool = Account.objects.get(community=community, pool_code="shared_roles")
    mine = Account.objects.get(membership=member)
    assert [(t.from_account_id, t.to_account_id, t.minutes, t.replayed) for t in transfers] == [
        (pool.pk, mine.pk, 90, False),
        (pool.pk, theirs.pk, 30, False),
    ]
    stored = Transfer.objects.order_by("pk")
    assert {(t.kind, t.memo, t.category, t.activity_id, t.recorded_by_id) for t in stored} == {
        ("shift_credit", "Kitchen shift", "kitchen", shift.pk, coordinator.user_id)
    }
    assert [t.idempotency_key for t in stored] == ["shift:1:member:a", "shift:1:member:b"]
    assert (pool.balance, pool.floor) == (-120, None)
    audits = AuditEvent.objects.filter(action="ledger.transfer.shift_credit")
    assert [a.changes["workflow"] for a in audits] == [[None, "sharedroles"]] * 2


def test_a_retry_posts_nothing_new(community, coordinator, member, other_member):
    credits = [credit(member, 60, "a"), credit(other_member, 45, "b")]
    first = pay(coordinator, community, credits)
    again = pay(coordinator, community, credits)
    assert [t.pk for t in again] == [t.pk for t in first]
    assert all(t.replayed for t in again)
    assert Transfer.objects.count() == 2
    assert community_pool(community=community, code="shared_roles").balance == -105


def test_a_retry_with_one_more_credit_posts_only_that_one(community, coordinator, member, other_member):
    pay(coordinator, community, [credit(member, 60, "a")])
    transfers = pay(coordinator, community, [credit(member, 60, "a"), credit(other_member, 45, "b")])
    assert [t.replayed for t in transfers] == [True, False]
    assert Transfer.objects.count() == 2


def test_a_pool_floor_crossed_by_one_credit_posts_none_of_them(community, coordinator, member, other_member):
    # given a pool that may not go below one hour overdrawn
    pool = community_pool(community=community, code="shared_roles")
    services.account_limits_update(actor=coordinator, community=community, account=pool, floor=-60)
    # when the second credit would take it past that
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, [credit(member, 45, "a"), credit(other_member, 30, "b")])
    # then the ledger refuses, names the pool, and the first credit is not paid either
    assert error.value.code == "below_floor"
    assert "pool account" in str(error.value)
    assert_nothing_posted()


def test_a_key_reused_for_other_hours_posts_nothing(community, coordinator, member, other_member):
    pay(coordinator, community, [credit(member, 60, "a")])
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, [credit(other_member, 30, "b"), credit(member, 90, "a")])
    assert error.value.message == services.ERR_KEY_REUSED
    assert Transfer.objects.count() == 1


@pytest.mark.parametrize(
    ("minutes", "kind", "message"),
    [
        (0, "shift_credit", services.ERR_MINUTES),
        (30, "reversal", services.ERR_USE_REVERSE),
        (30, "gift", services.ERR_KIND),
    ],
)
def test_bad_credits_are_refused_and_nothing_posted(
    community, coordinator, member, other_member, minutes, kind, message
):
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, [credit(member, 30, "a"), credit(other_member, minutes, "b")], kind=kind)
    assert error.value.message == message
    assert_nothing_posted()


def test_a_bad_pool_code_is_refused(community, coordinator, member):
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, [credit(member)], pool="   ")
    assert error.value.message == services.ERR_BAD_POOL
    assert not Account.objects.exists()


def test_no_credits_posts_nothing_and_returns_none(community, coordinator):
    assert pay(coordinator, community, []) == []
    assert Transfer.objects.count() == 0


def test_the_pool_may_be_given_as_its_account(community, coordinator, member):
    fund = community_pool(community=community)
    (transfer,) = pay(coordinator, community, [credit(member, 30)], pool=fund, kind="grant")
    fund.refresh_from_db()
    assert (transfer.from_account_id, fund.balance) == (fund.pk, -30)


def test_a_member_of_another_community_is_not_found(community, other_community, coordinator, member, outsider):
    with pytest.raises(NotFound):
        pay(coordinator, community, [credit(member, 30, "a"), credit(outsider, 30, "b")])
    assert_nothing_posted()
    assert not Account.objects.filter(community=other_community).exists()


def test_an_account_of_another_community_is_not_found(community, coordinator, member, outsider):
    foreign = account_for_membership(community=outsider.community, membership=outsider)
    with pytest.raises(NotFound):
        pay(coordinator, community, [credit(member, 30, "a"), credit(foreign, 30, "b")])
    assert_nothing_posted()


def test_a_pool_of_another_community_is_not_found(community, other_community, coordinator, member):
    foreign_pool = community_pool(community=other_community, code="shared_roles")
    with pytest.raises(NotFound):
        pay(coordinator, community, [credit(member, 30)], pool=foreign_pool)
    assert_nothing_posted()


def test_an_account_that_is_not_a_pool_cannot_pay(community, coordinator, member, other_member):
    theirs = account_for_membership(community=community, membership=other_member)
    with pytest.raises(NotFound):
        pay(coordinator, community, [credit(member, 30)], pool=theirs)
    assert_nothing_posted()


def test_an_actor_of_another_community_is_not_found(community, member, outsider):
    with pytest.raises(NotFound):
        pay(outsider, community, [credit(member, 30)])
    assert_nothing_posted()


def test_a_closed_member_account_is_refused(community, coordinator, member):
    closed = make_member(community, name="Cal Closed")
    account = account_for_membership(community=community, membership=closed)
    services.account_active_set(actor=coordinator, community=community, account=account, is_active=False)
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, [credit(member, 30, "a"), credit(closed, 30, "b")])
    assert error.value.code == "inactive"
    assert_nothing_posted()
