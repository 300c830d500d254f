"""account_limits_update and the other coordinator levers on accounts: validated, audited, coordinators only."""

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger import services


def test_coordinator_changes_limits_and_it_is_audited(community, coordinator, accounts):
    mine, _theirs, _fund = accounts
    services.account_limits_update(actor=coordinator, community=community, account=mine, floor=-1200, soft_floor=-600)
    mine.refresh_from_db()
    assert (mine.floor, mine.soft_floor) == (-1200, -600)
    audit = AuditEvent.objects.get(action="ledger.account.limits")
    assert audit.changes == {"floor": [-720, -1200], "soft_floor": [-480, -600]}
    assert audit.actor_id == coordinator.user_id


def test_remove_lifts_a_limit(community, coordinator, accounts):
    mine, _theirs, _fund = accounts
    services.account_limits_update(
        actor=coordinator, community=community, account=mine, remove=["ceiling", "soft_ceiling"]
    )
    mine.refresh_from_db()
    assert (mine.ceiling, mine.soft_ceiling) == (None, None)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"floor": 60}, services.ERR_FLOOR_ABOVE_ZERO),
        ({"ceiling": -1}, services.ERR_CEILING_BELOW_ZERO),
        ({"soft_floor": -800}, services.ERR_SOFT_FLOOR_BELOW_FLOOR),
        ({"soft_ceiling": 200 * 60 + 1}, services.ERR_SOFT_CEILING_ABOVE_CEILING),
        ({"soft_floor": 0, "soft_ceiling": 0}, services.ERR_SOFT_ORDER),
        ({"floor": "-5"}, services.ERR_LIMIT_NOT_NUMBER),
    ],
)
def test_inconsistent_limits_are_refused(community, coordinator, accounts, limits, message):
    mine, _theirs, _fund = accounts
    with pytest.raises(DomainError) as error:
        services.account_limits_update(actor=coordinator, community=community, account=mine, **limits)
    assert error.value.message == message
    mine.refresh_from_db()
    assert (mine.floor, mine.ceiling) == (-720, 12000)


def test_unknown_limit_name_is_refused(community, coordinator, accounts):
    with pytest.raises(DomainError):
        services.account_limits_update(actor=coordinator, community=community, account=accounts[0], remove=["balance"])


def test_members_and_outsiders_cannot_change_limits(community, member, outsider, other_community, accounts):
    mine, _theirs, _fund = accounts
    with pytest.raises(NotFound):
        services.account_limits_update(actor=member, community=community, account=mine, floor=-6000)
    with pytest.raises(NotFound):
        services.account_limits_update(actor=outsider, community=other_community, account=mine, floor=-6000)
    mine.refresh_from_db()
    assert mine.floor == -720


def test_a_balance_beyond_a_new_limit_stays_but_cannot_move_further(community, coordinator, member, accounts):
    mine, theirs, _fund = accounts
    services.transfer_create(
        actor=member,
        community=community,
        from_account=mine,
        to_account=theirs,
        minutes=600,
        kind="exchange",
        idempotency_key="a",
    )
    services.account_limits_update(actor=coordinator, community=community, account=mine, floor=-300, soft_floor=-200)
    with pytest.raises(DomainError):
        services.transfer_create(
            actor=member,
            community=community,
            from_account=mine,
            to_account=theirs,
            minutes=1,
            kind="exchange",
            idempotency_key="b",
        )
    # receiving hours moves it back towards the limit, so that is allowed
    services.transfer_create(
        actor=coordinator,
        community=community,
        from_account=theirs,
        to_account=mine,
        minutes=60,
        kind="exchange",
        idempotency_key="c",
    )


def test_flag_clear_and_close(community, coordinator, member, accounts):
    mine, theirs, _fund = accounts
    services.transfer_create(
        actor=member,
        community=community,
        from_account=mine,
        to_account=theirs,
        minutes=9 * 60,
        kind="exchange",
        idempotency_key="deep",
    )
    services.account_flag_clear(actor=coordinator, community=community, account=mine, note="Spoke to them")
    mine.refresh_from_db()
    assert mine.flagged_at is None
    assert AuditEvent.objects.get(action="ledger.account.flag_clear").changes["note"] == [None, "Spoke to them"]
    services.account_active_set(actor=coordinator, community=community, account=mine, is_active=False)
    mine.refresh_from_db()
    assert mine.is_active is False
    with pytest.raises(NotFound):
        services.account_flag_clear(actor=member, community=community, account=mine)


def test_new_accounts_take_the_community_defaults(community, member):
    from coproduce.ledger.selectors import account_for_membership, community_pool

    community.default_floor_minutes = -300
    community.save()
    account = account_for_membership(community=community, membership=member)
    assert (account.floor, account.ceiling, account.soft_floor) == (-300, 12000, -300)
    fund = community_pool(community=community)
    assert (fund.floor, fund.ceiling, fund.pool_code) == (None, None, "fund")
    with pytest.raises(DomainError):
        services.account_open(community=community, pool_code="")
