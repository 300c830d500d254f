"""`coproduce ledger verify`: clean books pass; a balance changed behind the ledger's back is reported."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from coproduce.ledger import services
from coproduce.ledger.selectors import account_for_membership, community_pool


@pytest.fixture
def some_history(community, member, other_member, coordinator):
    a = account_for_membership(community=community, membership=member)
    b = account_for_membership(community=community, membership=other_member)
    fund = community_pool(community=community)
    first = services.transfer_create(
        actor=member,
        community=community,
        from_account=a,
        to_account=b,
        minutes=90,
        kind="exchange",
        idempotency_key="h1",
    )
    services.transfer_create(
        actor=other_member,
        community=community,
        from_account=b,
        to_account=fund,
        minutes=30,
        kind="donation",
        idempotency_key="h2",
    )
    services.transfer_reverse(
        actor=coordinator, community=community, transfer=first, reason="Recorded twice", idempotency_key="h3"
    )
    return a, b, fund


def test_clean_ledger_passes(some_history, capsys):
    # given a history of transfers and a reversal
    # when the books are verified
    call_command("ledger", "verify")
    # then the report says so and the command succeeds
    out = capsys.readouterr().out
    assert "Ledger OK" in out
    assert "3 transfers, 6 entries" in out


def test_corrupted_balance_is_reported(some_history, capsys):
    # given a balance changed behind the ledger's back
    a, _b, _fund = some_history
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_account SET balance = balance + 7 WHERE id = %s", [a.pk])
    # when the books are verified, then the command fails and names the account and the community total
    with pytest.raises(CommandError, match="problem"):
        call_command("ledger", "verify")
    out = capsys.readouterr().out
    assert f"account {a.pk}" in out
    assert "balances sum to 7, not zero" in out


def test_broken_running_balance_is_reported(some_history, capsys):
    a, _b, _fund = some_history
    from coproduce.ledger.models import Entry

    entry = Entry.objects.filter(account=a).order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_entry SET balance_after = balance_after - 1 WHERE id = %s", [entry.pk])
    with pytest.raises(CommandError):
        call_command("ledger", "verify")
    assert f"entry {entry.pk}" in capsys.readouterr().out
