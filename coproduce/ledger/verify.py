"""Checking the books: recompute everything the ledger stores from the entries, and report every difference.

Used by `coproduce ledger verify` and by the tests after every step of a random history.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, Lag

from coproduce.communities.models import Community
from coproduce.ledger.models import Account, Entry, Transfer


@dataclass
class VerifyReport:
    communities: int = 0
    accounts: int = 0
    transfers: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def ledger_verify(*, community: Community | None = None, limit: int = 100) -> VerifyReport:
    """Check every invariant of the ledger (of one community, or of all) and list what is wrong.

    - each account's balance equals the sum of its entries;
    - the balances of each community sum to zero;
    - each entry's balance_after is the previous entry's plus its amount (the running balance chains);
    - each transfer has exactly two entries: minus its minutes on the sending account, plus on the receiving one;
    - entries, accounts and transfers agree on the community; a reversal mirrors its original.
    At most `limit` problems of each kind are listed.
    """
    accounts = Account.objects.all()
    entries = Entry.objects.all()
    transfers = Transfer.objects.all()
    if community is not None:
        accounts = accounts.filter(community=community)
        entries = entries.filter(community=community)
        transfers = transfers.filter(community=community)
    report = VerifyReport(
        communities=accounts.values("community_id").distinct().count(),
        accounts=accounts.count(),
        transfers=transfers.count(),
        entries=entries.count(),
    )
    add = report.problems.append
    row: Mapping[str, Any]

    for row in (
        accounts.annotate(total=Coalesce(Sum("entries__amount"), Value(0)))
        .exclude(balance=F("total"))
        .values("pk", "community_id", "balance", "total")
        .order_by("pk")[:limit]
    ):
        add(
            f"account {row['pk']} (community {row['community_id']}): balance {row['balance']} "
            f"but its entries sum to {row['total']}"
        )

    for row in (
        accounts.values("community_id").annotate(total=Sum("balance")).exclude(total=0).order_by("community_id")[:limit]
    ):
        add(f"community {row['community_id']}: balances sum to {row['total']}, not zero")

    chained = entries.annotate(
        previous=Window(Lag("balance_after"), partition_by=[F("account_id")], order_by=F("id").asc())
    ).annotate(expected=Coalesce(F("previous"), Value(0)) + F("amount"))
    for row in (
        chained.filter(~Q(balance_after=F("expected")))
        .values("pk", "account_id", "balance_after", "expected")
        .order_by("pk")[:limit]
    ):
        add(
            f"entry {row['pk']} (account {row['account_id']}): balance_after {row['balance_after']} "
            f"but the previous entry and its amount give {row['expected']}"
        )

    for row in entries.exclude(community_id=F("account__community_id")).values("pk").order_by("pk")[:limit]:
        add(f"entry {row['pk']}: belongs to another community than its account")
    for row in entries.exclude(community_id=F("transfer__community_id")).values("pk").order_by("pk")[:limit]:
        add(f"entry {row['pk']}: belongs to another community than its transfer")

    for row in (
        transfers.annotate(
            n=Count("entries"),
            debit=Coalesce(Sum("entries__amount", filter=Q(entries__account_id=F("from_account_id"))), Value(0)),
            credit=Coalesce(Sum("entries__amount", filter=Q(entries__account_id=F("to_account_id"))), Value(0)),
        )
        .exclude(n=2, debit=-F("minutes"), credit=F("minutes"))
        .values("pk", "n", "minutes", "debit", "credit")
        .order_by("pk")[:limit]
    ):
        add(
            f"transfer {row['pk']}: {row['n']} entries moving {row['debit']} / +{row['credit']} "
            f"for {row['minutes']} minutes (expected exactly two, balanced)"
        )

    for row in (
        transfers.filter(reverses__isnull=False)
        .exclude(
            minutes=F("reverses__minutes"),
            from_account_id=F("reverses__to_account_id"),
            to_account_id=F("reverses__from_account_id"),
            community_id=F("reverses__community_id"),
        )
        .values("pk", "reverses_id")
        .order_by("pk")[:limit]
    ):
        add(f"transfer {row['pk']}: does not mirror transfer {row['reverses_id']}, which it reverses")
    for row in (
        transfers.exclude(from_account__community_id=F("community_id"), to_account__community_id=F("community_id"))
        .values("pk")
        .order_by("pk")[:limit]
    ):
        add(f"transfer {row['pk']}: moves hours to or from an account of another community")
    return report
