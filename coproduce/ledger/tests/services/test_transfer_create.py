"""transfer_create: moves minutes once per key, under locks, within hard limits; every refusal posts nothing."""

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Membership, Organisation
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.ledger import services
from coproduce.ledger.models import Account, Entry, Transfer
from coproduce.ledger.selectors import account_for_membership, account_for_organisation, community_pool


def pay(actor, community, source, target, minutes=60, key="k", **extra):
    return services.transfer_create(
        actor=actor,
        community=community,
        from_account=source,
        to_account=target,
        minutes=minutes,
        kind=extra.pop("kind", "exchange"),
        idempotency_key=key,
        **extra,
    )


def assert_nothing_posted():
    assert Transfer.objects.count() == 0
    assert Entry.objects.count() == 0
    assert set(Account.objects.values_list("balance", flat=True)) <= {0}


def test_moves_minutes_and_writes_two_entries_and_an_audit_row(community, member, accounts):
    # given two members with fresh accounts
    mine, theirs, _fund = accounts
    # when the member pays the other for an hour
    transfer = pay(member, community, mine, theirs, 60, memo="Gardening", category="Garden")
    # then both balances move, each side has an entry with its running balance, and the change is audited
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.balance, theirs.balance) == (-60, 60)
    entries = {e.account_id: (e.amount, e.balance_after) for e in Entry.objects.filter(transfer=transfer)}
    assert entries == {mine.pk: (-60, -60), theirs.pk: (60, 60)}
    stored = Transfer.objects.get()
    assert (stored.recorded_by_id, stored.memo, stored.category, stored.kind) == (
        member.user_id,
        "Gardening",
        "Garden",
        "exchange",
    )
    audit = AuditEvent.objects.get(action="ledger.transfer.exchange")
    assert (audit.actor_id, audit.object_id, audit.changes["minutes"]) == (member.user_id, str(transfer.pk), [None, 60])
    assert transfer.replayed is False


def test_callers_account_objects_follow_the_balances(community, member, accounts):
    mine, theirs, _fund = accounts
    pay(member, community, mine, theirs, 25)
    assert (mine.balance, theirs.balance) == (-25, 25)


def test_running_balance_chains_across_transfers(community, member, other_member, accounts):
    mine, theirs, _fund = accounts
    pay(member, community, mine, theirs, 60, key="a")
    pay(other_member, community, theirs, mine, 15, key="b")
    pay(member, community, mine, theirs, 30, key="c")
    assert list(Entry.objects.filter(account=mine).order_by("pk").values_list("amount", "balance_after")) == [
        (-60, -60),
        (15, -45),
        (-30, -75),
    ]


def test_retry_with_the_same_key_returns_the_original_and_posts_nothing(community, member, accounts):
    mine, theirs, _fund = accounts
    first = pay(member, community, mine, theirs, 30, key="same")
    again = pay(member, community, mine, theirs, 30, key="same")
    assert (again.pk, again.replayed) == (first.pk, True)
    assert Transfer.objects.count() == 1
    mine.refresh_from_db()
    assert mine.balance == -30


def test_retry_after_the_balance_changed_still_returns_the_original(community, member, accounts):
    # given a transfer that took the member to their lowest allowed balance
    mine, theirs, _fund = accounts
    first = pay(member, community, mine, theirs, 720, key="all")
    # when it is retried, then the original comes back rather than a limit refusal
    assert pay(member, community, mine, theirs, 720, key="all").pk == first.pk


def test_same_key_for_different_hours_is_refused(community, member, accounts):
    mine, theirs, _fund = accounts
    pay(member, community, mine, theirs, 30, key="same")
    with pytest.raises(DomainError) as error:
        pay(member, community, mine, theirs, 31, key="same")
    assert error.value.message == services.ERR_KEY_REUSED
    assert error.value.field == "idempotency_key"
    assert Transfer.objects.count() == 1


@pytest.mark.parametrize("minutes", [0, -5, 1.5, "60", True, None])
def test_minutes_must_be_a_positive_whole_number(community, member, accounts, minutes):
    mine, theirs, _fund = accounts
    with pytest.raises(DomainError) as error:
        pay(member, community, mine, theirs, minutes)
    assert (error.value.message, error.value.field) == (services.ERR_MINUTES, "minutes")
    assert_nothing_posted()


def test_more_than_a_thousand_hours_is_refused(community, coordinator, accounts):
    mine, theirs, _fund = accounts
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, mine, theirs, services.MAX_TRANSFER_MINUTES + 1)
    assert error.value.message == services.ERR_TOO_MANY_MINUTES
    assert_nothing_posted()


def test_transfer_to_the_same_account_is_refused(community, member, accounts):
    mine, _theirs, _fund = accounts
    with pytest.raises(DomainError) as error:
        pay(member, community, mine, mine)
    assert error.value.message == services.ERR_SAME_ACCOUNT
    assert_nothing_posted()


def test_unknown_account_is_not_found(community, member, accounts):
    mine, _theirs, _fund = accounts
    with pytest.raises(NotFound):
        pay(member, community, mine, 999_999)
    with pytest.raises(NotFound):
        pay(member, community, mine, "2")
    assert_nothing_posted()


def test_account_of_another_community_is_not_found(community, member, outsider, other_community, accounts):
    mine, _theirs, _fund = accounts
    theirs = account_for_membership(community=other_community, membership=outsider)
    with pytest.raises(NotFound):
        pay(member, community, mine, theirs)
    with pytest.raises(NotFound):
        pay(outsider, other_community, theirs, mine)
    assert_nothing_posted()


def test_hard_floor_blocks_and_names_the_account_and_limit(community, member, accounts):
    # given a new member, who may go 12 hours below zero
    mine, theirs, _fund = accounts
    # when they try to pay 12 hours and a minute
    with pytest.raises(DomainError) as error:
        pay(member, community, mine, theirs, 12 * 60 + 1)
    # then nothing is posted and the refusal names the account and the limit
    assert error.value.code == "below_floor"
    assert f"member account {mine.pk}" in str(error.value)
    assert "-720" in str(error.value)
    assert_nothing_posted()


def test_exactly_at_the_floor_is_allowed(community, member, accounts):
    mine, theirs, _fund = accounts
    pay(member, community, mine, theirs, 12 * 60)
    mine.refresh_from_db()
    assert mine.balance == -720


def test_hard_ceiling_blocks(community, coordinator, accounts):
    mine, theirs, _fund = accounts
    services.account_limits_update(actor=coordinator, community=community, account=theirs, ceiling=60, soft_ceiling=30)
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, mine, theirs, 61)
    assert error.value.code == "above_ceiling"
    assert f"member account {theirs.pk}" in str(error.value)
    assert_nothing_posted()


def test_soft_floor_warns_and_flags_but_does_not_block(community, member, accounts):
    mine, theirs, _fund = accounts
    transfer = pay(member, community, mine, theirs, 9 * 60)
    mine.refresh_from_db()
    assert mine.balance == -540
    assert mine.flagged_at is not None
    assert "below -480" in mine.flag_reason
    assert len(transfer.warnings) == 1


def test_flag_is_kept_from_the_first_crossing(community, member, accounts):
    mine, theirs, _fund = accounts
    pay(member, community, mine, theirs, 9 * 60, key="a")
    mine.refresh_from_db()
    first_flag = mine.flagged_at
    pay(member, community, mine, theirs, 10, key="b")
    mine.refresh_from_db()
    assert mine.flagged_at == first_flag


def test_closed_account_cannot_send_or_receive(community, member, coordinator, accounts):
    mine, theirs, _fund = accounts
    services.account_active_set(actor=coordinator, community=community, account=theirs, is_active=False)
    with pytest.raises(DomainError) as error:
        pay(member, community, mine, theirs)
    assert (error.value.code, error.value.field) == ("inactive", "to_account")
    assert Transfer.objects.count() == 0


def test_member_may_only_move_hours_out_of_their_own_account(community, member, other_member, accounts):
    mine, theirs, _fund = accounts
    with pytest.raises(NotFound) as error:
        pay(member, community, theirs, mine)
    assert error.value.message == services.ERR_NOT_YOUR_ACCOUNT
    assert_nothing_posted()


def test_member_may_donate_to_the_fund_but_not_grant(community, member, accounts):
    mine, _theirs, fund = accounts
    pay(member, community, mine, fund, 30, kind="donation", key="give")
    fund.refresh_from_db()
    assert fund.balance == 30
    with pytest.raises(NotFound) as error:
        pay(member, community, mine, fund, 30, kind="grant", key="grant")
    assert error.value.message == services.ERR_COORDINATOR_ONLY


def test_coordinator_grants_from_the_fund_which_has_no_hard_limits(community, coordinator, accounts):
    mine, _theirs, fund = accounts
    pay(coordinator, community, fund, mine, 100 * 60, kind="grant", key="big-grant")
    fund.refresh_from_db()
    assert fund.balance == -6000


def test_a_default_floor_holds_a_pool_without_limits_to_what_it_holds(community, member, coordinator, accounts):
    # given the fund, which has no floor of its own, holds 30 minutes
    mine, _theirs, fund = accounts
    pay(member, community, mine, fund, 30, kind="donation", key="give")

    # when a workflow asks for 31 minutes with a default floor of 0, it is refused and nothing moves
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, fund, mine, 31, kind="grant", key="too-much", workflow="timebank", default_floor=0)
    assert (error.value.code, error.value.field) == ("below_default_floor", "minutes")
    fund.refresh_from_db()
    assert fund.balance == 30
    assert Transfer.objects.filter(community=community).count() == 1

    # then exactly what it holds can go
    pay(coordinator, community, fund, mine, 30, kind="grant", key="all-of-it", workflow="timebank", default_floor=0)
    fund.refresh_from_db()
    assert fund.balance == 0


def test_an_accounts_own_floor_wins_over_the_default_floor(community, coordinator, accounts):
    # given a coordinator lets the fund go 60 minutes below zero
    mine, _theirs, fund = accounts
    services.account_limits_update(actor=coordinator, community=community, account=fund, floor=-60)

    pay(coordinator, community, fund, mine, 60, kind="grant", key="into-debt", default_floor=0)
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, fund, mine, 1, kind="grant", key="past-the-floor", default_floor=0)

    assert error.value.code == "below_floor"
    fund.refresh_from_db()
    assert fund.balance == -60


def test_workflow_posts_for_a_member_after_its_own_checks(community, member, other_member, accounts):
    # given the receiver confirmed an exchange in a workflow, the provider's confirmation posts from the receiver
    mine, theirs, _fund = accounts
    transfer = pay(other_member, community, mine, theirs, 30, workflow="timebank")
    assert transfer.recorded_by_id == other_member.user_id
    assert AuditEvent.objects.get(action="ledger.transfer.exchange").changes["workflow"] == [None, "timebank"]


def test_system_task_records_no_user(community, accounts):
    mine, theirs, _fund = accounts
    transfer = pay(None, community, mine, theirs, 30)
    assert Transfer.objects.get(pk=transfer.pk).recorded_by_id is None


def test_inactive_or_foreign_actor_is_not_found(community, outsider, accounts):
    mine, theirs, _fund = accounts
    suspended = make_member(community, status=Membership.Status.SUSPENDED)
    for actor in (suspended, outsider):
        with pytest.raises(NotFound):
            pay(actor, community, mine, theirs)
    assert_nothing_posted()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "gift", services.ERR_KIND),
        ("kind", "reversal", services.ERR_USE_REVERSE),
        ("memo", "x" * 501, services.ERR_MEMO_TOO_LONG),
        ("category", "x" * 81, services.ERR_CATEGORY_TOO_LONG),
        ("key", "", services.ERR_KEY_REQUIRED),
        ("key", "   ", services.ERR_KEY_REQUIRED),
        ("key", "k" * 101, services.ERR_KEY_TOO_LONG),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(community, coordinator, accounts, field, value, message):
    mine, theirs, _fund = accounts
    with pytest.raises(DomainError) as error:
        pay(coordinator, community, mine, theirs, 30, **{field: value})
    assert error.value.message == message
    assert_nothing_posted()


def test_organisation_accounts_earn_and_spend(community, coordinator, accounts):
    mine, _theirs, _fund = accounts
    clinic = Organisation.objects.create(community=community, name="Health centre")
    clinic_account = account_for_organisation(community=community, organisation=clinic)
    pay(coordinator, community, clinic_account, mine, 120, key="org")
    clinic_account.refresh_from_db()
    assert (clinic_account.balance, clinic_account.floor) == (-120, community.default_floor_minutes)


def test_activity_of_another_community_is_not_found(community, other_community, coordinator, accounts):
    from coproduce.coproduction.models import Activity

    mine, theirs, _fund = accounts
    foreign = Activity(community=other_community)
    with pytest.raises(NotFound):
        pay(coordinator, community, mine, theirs, activity=foreign)


def test_balances_of_a_community_sum_to_zero(community, member, other_member, coordinator, accounts):
    mine, theirs, fund = accounts
    pay(member, community, mine, theirs, 60, key="1")
    pay(other_member, community, theirs, fund, 20, kind="donation", key="2")
    pay(coordinator, community, fund, mine, 90, kind="grant", key="3")
    assert sum(Account.objects.filter(community=community).values_list("balance", flat=True)) == 0


def test_fund_of_a_community_is_one_account(community):
    assert community_pool(community=community).pk == community_pool(community=community).pk


def test_posts_the_same_without_prepared_statements(community, member, accounts, settings):
    # given a deployment behind a pooler that cannot keep prepared statements
    settings.LEDGER_PREPARED_STATEMENTS = False
    mine, theirs, _fund = accounts
    # when a transfer and its retry are posted, then the books are the same as with them
    first = pay(member, community, mine, theirs, 40, key="pooled")
    assert pay(member, community, mine, theirs, 40, key="pooled").pk == first.pk
    mine.refresh_from_db()
    assert mine.balance == -40
    assert Entry.objects.filter(transfer_id=first.pk).count() == 2
