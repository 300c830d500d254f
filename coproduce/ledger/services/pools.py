"""Credits from a community pool: a workflow pays the people who did some work, each of them once.

The workflow decides who is owed what (shared roles: the hours worked on a shift; panels: jury service) and
makes its own checks first; `pool_credit` posts the credits.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from coproduce.communities.models import Community, Membership
from coproduce.coproduction.models import Activity
from coproduce.core.errors import NotFound
from coproduce.ledger.models import Account, Transfer
from coproduce.ledger.services.accounts import account_open
from coproduce.ledger.services.posting import ERR_UNKNOWN_ACCOUNT
from coproduce.ledger.services.transfers import check_actor, transfer_create


@dataclass(frozen=True)
class PoolCredit:
    """One credit: to whom (an account, or a membership whose account opens on first use), how many minutes,
    under which idempotency key, and the memo and category the statement shows."""

    to: Account | Membership
    minutes: int
    idempotency_key: str
    memo: str = ""
    category: str = ""


def _pool_account(community: Community, pool: Account | str) -> Account:
    if isinstance(pool, Account):
        if pool.community_id != community.pk or not pool.pool_code:
            raise NotFound(ERR_UNKNOWN_ACCOUNT)
        return pool
    return account_open(community=community, pool_code=pool)


def _member_account(community: Community, to: Account | Membership) -> Account:
    if not isinstance(to, Membership):
        return to
    if to.community_id != community.pk:
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return account_open(community=community, membership=to)


def pool_credit(
    *,
    actor: Membership | None,
    community: Community,
    pool: Account | str,
    credits: Iterable[PoolCredit],
    kind: str,
    workflow: str,
    activity: Activity | None = None,
) -> list[Transfer]:
    """Pay every credit out of a pool of the community: all of them, or none.

    `pool` is the pool's code (the pool opens on first use, without limits, like `community_pool`) or the pool's
    account. Credits are posted in the order given, each by `transfer_create` under its own idempotency key, so
    a retry posts only the credits not yet paid and returns the earlier transfers (`replayed`) for the others.
    Any refusal (a hard limit crossed, a closed account, a key reused for other hours, a bad kind or number of
    minutes) raises the ledger's error and rolls back every credit of the call. A pool, account or member of
    another community: NotFound. Returns the transfers, one for each credit, in order.
    """
    check_actor(actor, community)
    credits = list(credits)
    with transaction.atomic():
        source = _pool_account(community, pool)
        return [
            transfer_create(
                actor=actor,
                community=community,
                from_account=source,
                to_account=_member_account(community, credit.to),
                minutes=credit.minutes,
                kind=kind,
                idempotency_key=credit.idempotency_key,
                memo=credit.memo,
                category=credit.category,
                activity=activity,
                workflow=workflow,
            )
            for credit in credits
        ]
