"""Reads of the ledger. Every function takes the community; an account of another community is NotFound."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from coproduce.communities.models import Community, Membership, Organisation
from coproduce.core.errors import NotFound
from coproduce.ledger.models import FUND, Account, Entry, Transfer
from coproduce.ledger.services import ERR_UNKNOWN_ACCOUNT, account_open

STATEMENT_PAGE_SIZE = 50

# The columns a statement line shows; a page of 50 lines is one narrow range scan.
_STATEMENT_FIELDS = (
    "id",
    "created_at",
    "community_id",
    "account_id",
    "transfer_id",
    "amount",
    "balance_after",
    "transfer__kind",
    "transfer__memo",
    "transfer__category",
    "transfer__from_account_id",
    "transfer__to_account_id",
    "transfer__reverses_id",
)


def account_for_membership(*, community: Community, membership: Membership) -> Account:
    """The member's account, opened with the community's default limits the first time it is needed."""
    if membership.community_id != community.pk:
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return account_open(community=community, membership=membership)


def account_for_organisation(*, community: Community, organisation: Organisation) -> Account:
    """The organisation's account, opened with the community's default limits the first time it is needed."""
    if organisation.community_id != community.pk:
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return account_open(community=community, organisation=organisation)


def community_pool(*, community: Community, code: str = FUND) -> Account:
    """A pool the community holds, such as the community fund (`code="fund"`), opened on first use."""
    return account_open(community=community, pool_code=code)


def account_get(*, community: Community, account_id: int) -> Account:
    account = (
        (
            Account.objects.filter(community=community, pk=account_id)
            .select_related("membership__user", "organisation")
            .first()
        )
        if isinstance(account_id, int) and not isinstance(account_id, bool)
        else None
    )
    if account is None:
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return account


def account_for_viewer(*, community: Community, account_id: int, viewer: Membership) -> Account:
    """An account the viewer may see: their own, or any account of the community for a coordinator.
    Anything else looks exactly like an account that does not exist."""
    account = account_get(community=community, account_id=account_id)
    if viewer.community_id != community.pk or not viewer.is_active:
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    if not viewer.is_coordinator and account.membership_id != viewer.pk:
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return account


def accounts_list(*, community: Community, active_only: bool = True, pools: bool = True) -> QuerySet[Account]:
    """Every account of the community (for coordinators choosing where hours go): pools, organisations, people."""
    accounts = Account.objects.filter(community=community).select_related("membership__user", "organisation")
    if active_only:
        accounts = accounts.filter(is_active=True)
    if not pools:
        accounts = accounts.filter(pool_code__isnull=True)
    return accounts.order_by("membership", "organisation__name", "membership__user__name", "pk")


def accounts_flagged(*, community: Community) -> QuerySet[Account]:
    """Accounts that crossed a warning level and wait for a coordinator, oldest first."""
    return (
        Account.objects.filter(community=community, flagged_at__isnull=False)
        .select_related("membership__user", "organisation")
        .order_by("flagged_at", "pk")
    )


def _own_account(community: Community, account: Account | int) -> Account:
    if isinstance(account, Account):
        if account.community_id != community.pk:
            raise NotFound(ERR_UNKNOWN_ACCOUNT)
        return account
    return account_get(community=community, account_id=account)


def statement(
    *,
    community: Community,
    account: Account | int,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> QuerySet[Entry]:
    """The entries of one account, newest first, each with the running balance after it.

    A range scan on (account, id); `start`/`end` bound the posting time (end exclusive). Page it by keyset
    (`.filter(pk__lt=last_id)`) rather than by offset, which stays fast however long the history is.
    """
    account = _own_account(community, account)
    entries = Entry.objects.filter(community=community, account=account)
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    if end is not None:
        entries = entries.filter(created_at__lt=end)
    return entries.select_related("transfer").only(*_STATEMENT_FIELDS).order_by("-pk")


def counterparty_id(entry: Entry) -> int:
    """The account on the other side of the transfer behind a statement line."""
    return entry.transfer.to_account_id if entry.amount < 0 else entry.transfer.from_account_id


def account_names(*, community: Community, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Account id -> how the account is named on statements (all accounts of the community when ids is None)."""
    accounts = (
        Account.objects.filter(community=community)
        .select_related("membership__user", "organisation")
        .only(
            "id",
            "pool_code",
            "membership__user__name",
            "membership__user__email",
            "organisation__name",
        )
    )
    if ids is not None:
        accounts = accounts.filter(pk__in=set(ids))
    return {account.pk: account.owner_name for account in accounts}


def with_counterparties(
    *, community: Community, entries: list[Entry], names: dict[int, str] | None = None
) -> list[Entry]:
    """Set `counterparty_id` and `counterparty_name` on each entry, with one query for the names."""
    if names is None:
        names = account_names(community=community, ids=[counterparty_id(e) for e in entries])
    for entry in entries:
        entry.counterparty_id = counterparty_id(entry)  # type: ignore[attr-defined]
        entry.counterparty_name = names.get(entry.counterparty_id, "")  # type: ignore[attr-defined]
    return entries


@dataclass(frozen=True)
class StatementPage:
    entries: list[Entry]
    next_before: int | None  # pass as `before` for the next (older) page
    is_first: bool


def statement_page(
    *,
    community: Community,
    account: Account | int,
    before: int | None = None,
    size: int = STATEMENT_PAGE_SIZE,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> StatementPage:
    """One page of a statement, newest first, found by keyset: entries older than entry `before`."""
    entries = statement(community=community, account=account, start=start, end=end)
    if before is not None:
        entries = entries.filter(pk__lt=before)
    rows = list(entries[: size + 1])
    more = len(rows) > size
    rows = with_counterparties(community=community, entries=rows[:size])
    return StatementPage(entries=rows, next_before=rows[-1].pk if more and rows else None, is_first=before is None)


def transfer_get(*, community: Community, transfer_id: int) -> Transfer:
    transfer = (
        (
            Transfer.objects.filter(community=community, pk=transfer_id)
            .select_related(
                "from_account__membership__user",
                "from_account__organisation",
                "to_account__membership__user",
                "to_account__organisation",
                "recorded_by",
                "reverses",
            )
            .first()
        )
        if isinstance(transfer_id, int) and not isinstance(transfer_id, bool)
        else None
    )
    if transfer is None:
        raise NotFound()
    return transfer


def transfer_reversal(*, community: Community, transfer: Transfer) -> Transfer | None:
    """The transfer that reversed `transfer`, if any."""
    return Transfer.objects.filter(community=community, reverses=transfer).first()


def transfers_recent(*, community: Community, before: int | None = None, limit: int = 50) -> list[Transfer]:
    """The latest transfers of the community, newest first (for coordinators), paged by keyset."""
    transfers = Transfer.objects.filter(community=community)
    if before is not None:
        transfers = transfers.filter(pk__lt=before)
    return list(
        transfers.select_related(
            "from_account__membership__user",
            "from_account__organisation",
            "to_account__membership__user",
            "to_account__organisation",
        )
        .annotate(reversal_count=Count("reversals"))
        .order_by("-pk")[:limit]
    )


def balances_summary(*, community: Community) -> dict[str, int]:
    """Totals for the community. `total` is always zero: every minute one account holds, another owes."""
    totals = Account.objects.filter(community=community).aggregate(
        accounts=Count("pk"),
        total=Sum("balance"),
        in_credit=Sum("balance", filter=Q(balance__gt=0)),
        in_debit=Sum("balance", filter=Q(balance__lt=0)),
        accounts_below_zero=Count("pk", filter=Q(balance__lt=0)),
        accounts_flagged=Count("pk", filter=Q(flagged_at__isnull=False)),
    )
    totals["transfers"] = Transfer.objects.filter(community=community).count()
    return {key: int(value or 0) for key, value in totals.items()}
