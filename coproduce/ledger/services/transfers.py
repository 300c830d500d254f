"""Transfers: moving hours between accounts, in batches, and correcting them with reversals.

Who may call what:
- `actor` is the acting Membership, or None for system tasks (auto-confirmation, scheduled jobs); then
  `recorded_by` stays empty.
- Used directly (from views and the API), a member may move hours only out of their own account, and only as
  an exchange or a donation; coordinators may also grant, adjust and reverse, from and to any account.
- Workflows (time bank, panels, shared roles...) make their own checks first (both parties confirmed, the
  hearing completed...) and then call these functions with `workflow="<app>"`: the actor is recorded but not
  held to the member rule. Limits, idempotency and every other rule still apply.

Every posting goes through `posting.post`: accounts locked in primary-key order, limits checked under the lock,
transfer, entries, balances and audit row written in the same transaction; a retry with the same idempotency key
returns the original transfer and posts nothing.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Community, Membership
from coproduce.coproduction.models import Activity
from coproduce.core.errors import DomainError, NotFound, PermissionDenied
from coproduce.ledger.models import Account, Transfer
from coproduce.ledger.services.posting import ERR_COORDINATOR_ONLY, ERR_UNKNOWN_ACCOUNT, Leg, post

ERR_MINUTES = _("Enter a whole number of minutes greater than zero.")
ERR_TOO_MANY_MINUTES = _("A single transfer can move at most 1,000 hours.")
ERR_SAME_ACCOUNT = _("Hours cannot be moved from an account to itself.")
ERR_KEY_REQUIRED = _("Send an idempotency key, so a retry cannot post the same hours twice.")
ERR_KEY_TOO_LONG = _("The idempotency key can be at most 100 characters.")
ERR_KIND = _("Choose what kind of transfer this is.")
ERR_USE_REVERSE = _("A reversal is made by reversing the original transfer.")
ERR_MEMO_TOO_LONG = _("Keep the note to 500 characters or fewer.")
ERR_CATEGORY_TOO_LONG = _("Keep the category to 80 characters or fewer.")
ERR_EMPTY_BATCH = _("Add at least one transfer to the batch.")
ERR_BATCH_TOO_LARGE = _("A batch can hold at most 200 transfers.")
ERR_REASON_REQUIRED = _("Give a reason for the reversal.")
ERR_REVERSE_REVERSAL = _("A reversal cannot itself be reversed; record a new transfer instead.")

MAX_TRANSFER_MINUTES = 1000 * 60
MAX_BATCH_LEGS = 200
MAX_KEY_LENGTH = 100
KINDS = frozenset(Transfer.Kind.values)


@dataclass(frozen=True)
class TransferLeg:
    """One transfer of a batch. Accounts may be given as Account objects or primary keys."""

    from_account: Account | int
    to_account: Account | int
    minutes: int
    kind: str = Transfer.Kind.EXCHANGE
    memo: str = ""
    category: str = ""
    activity: Activity | None = None


def _account_id(value: Any) -> int:
    pk = value.pk if isinstance(value, Account) else value
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return pk


def _clean_key(key: str) -> str:
    key = key.strip() if isinstance(key, str) else ""
    if not key:
        raise DomainError(ERR_KEY_REQUIRED, field="idempotency_key")
    if len(key) > MAX_KEY_LENGTH:
        raise DomainError(ERR_KEY_TOO_LONG, field="idempotency_key")
    return key


def _clean_leg(*, community: Community, leg: TransferLeg) -> Leg:
    minutes = leg.minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise DomainError(ERR_MINUTES, field="minutes")
    if minutes > MAX_TRANSFER_MINUTES:
        raise DomainError(ERR_TOO_MANY_MINUTES, field="minutes")
    if leg.kind not in KINDS:
        raise DomainError(ERR_KIND, field="kind")
    if leg.kind == Transfer.Kind.REVERSAL:
        raise DomainError(ERR_USE_REVERSE, field="kind")
    memo = (leg.memo or "").strip()
    if len(memo) > 500:
        raise DomainError(ERR_MEMO_TOO_LONG, field="memo")
    category = (leg.category or "").strip()
    if len(category) > 80:
        raise DomainError(ERR_CATEGORY_TOO_LONG, field="category")
    if leg.activity is not None and leg.activity.community_id != community.pk:
        raise NotFound()
    from_id, to_id = _account_id(leg.from_account), _account_id(leg.to_account)
    if from_id == to_id:
        raise DomainError(ERR_SAME_ACCOUNT, field="to_account")
    return Leg(
        from_id=from_id,
        to_id=to_id,
        minutes=minutes,
        kind=leg.kind,
        memo=memo,
        category=category,
        activity_id=leg.activity.pk if leg.activity is not None else None,
    )


def check_actor(actor: Membership | None, community: Community) -> None:
    """The actor, if any, must be an active member of this community; otherwise it is as if nothing was there."""
    if actor is not None and (actor.community_id != community.pk or not actor.is_active):
        raise NotFound()


def require_coordinator(actor: Membership | None, community: Community) -> None:
    """System tasks (actor None) and coordinators pass; anyone else gets the same answer as a missing object."""
    check_actor(actor, community)
    if actor is not None and not actor.is_coordinator:
        raise PermissionDenied(ERR_COORDINATOR_ONLY)


def _sync_balances(objects: Iterable[Any], transfer: Transfer) -> None:
    """Keep the Account objects the caller holds in step with what was posted, without a re-read."""
    balances = getattr(transfer, "balances", None)
    if balances is None:
        return
    for obj in objects:
        if isinstance(obj, Account) and obj.pk in balances:
            obj.balance = balances[obj.pk]


def transfer_create(
    *,
    actor: Membership | None,
    community: Community,
    from_account: Account | int,
    to_account: Account | int,
    minutes: int,
    kind: str,
    idempotency_key: str,
    memo: str = "",
    category: str = "",
    activity: Activity | None = None,
    workflow: str = "",
    default_floor: int | None = None,
) -> Transfer:
    """Move `minutes` from one account to another, atomically and at most once per idempotency key.

    Refuses (DomainError, nothing posted): minutes not a positive whole number, the same account on both sides,
    a closed account, a hard limit crossed (the message names the account and the limit), an idempotency key
    already used for different hours. Unknown accounts and accounts of another community: NotFound. A member
    acting directly may only move hours out of their own account, as an exchange or donation (see the module
    docstring for coordinators and workflows). Soft thresholds never block: the returned transfer carries
    `warnings` and the account is flagged for a coordinator. `transfer.replayed` is True for a retry.

    `default_floor` holds a source account that has no hard floor of its own to that floor, checked under the
    lock like any limit (a workflow passes 0 so a pool without limits cannot give hours it does not hold); the
    refusal then has code "below_default_floor". An account's own floor always wins.
    """
    check_actor(actor, community)
    key = _clean_key(idempotency_key)
    leg = _clean_leg(
        community=community,
        leg=TransferLeg(
            from_account=from_account,
            to_account=to_account,
            minutes=minutes,
            kind=kind,
            memo=memo,
            category=category,
            activity=activity,
        ),
    )
    if default_floor is not None:
        leg = replace(leg, default_floor=default_floor)
    (transfer,) = post(actor=actor, community=community, legs=[leg], keys=[key], workflow=workflow)
    _sync_balances((from_account, to_account), transfer)
    return transfer


def transfer_batch_create(
    *,
    actor: Membership | None,
    community: Community,
    legs: Sequence[TransferLeg],
    idempotency_key: str,
    workflow: str = "",
) -> list[Transfer]:
    """Post several transfers together (a group exchange, remainders to the fund): all of them, or none.

    Each leg follows the rules of `transfer_create`, applied in order, so every running balance stays within
    its hard limits. One idempotency key covers the batch; a retry returns the original transfers.
    """
    check_actor(actor, community)
    key = _clean_key(idempotency_key)
    if not legs:
        raise DomainError(ERR_EMPTY_BATCH, field="legs")
    if len(legs) > MAX_BATCH_LEGS:
        raise DomainError(ERR_BATCH_TOO_LARGE, field="legs")
    cleaned = [_clean_leg(community=community, leg=leg) for leg in legs]
    # The first leg carries the key itself, so a single transfer and a batch can never share a key; the other legs
    # get a suffix to stay unique.
    keys = [key] + [f"{key}#{n}" for n in range(1, len(cleaned))]
    transfers = post(actor=actor, community=community, legs=cleaned, keys=keys, workflow=workflow, batch=uuid.uuid4())
    _sync_balances([a for leg in legs for a in (leg.from_account, leg.to_account)], transfers[-1])
    return transfers


def transfer_reverse(
    *,
    actor: Membership | None,
    community: Community,
    transfer: Transfer | int,
    reason: str,
    idempotency_key: str,
    workflow: str = "",
) -> Transfer:
    """Correct a transfer by posting the same minutes back, pointing at the original. Coordinators only
    (or a workflow after its own checks, e.g. a dispute upheld). Nothing is edited or deleted; a transfer can
    be reversed once, and a reversal cannot be reversed. Hard limits apply: if the receiver has spent the
    hours, a coordinator first changes their limits."""
    if not workflow:
        require_coordinator(actor, community)
    else:
        check_actor(actor, community)
    key = _clean_key(idempotency_key)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ERR_REASON_REQUIRED, field="reason")
    if len(reason) > 500:
        raise DomainError(ERR_MEMO_TOO_LONG, field="reason")
    transfer_id = transfer.pk if isinstance(transfer, Transfer) else transfer
    original = (
        Transfer.objects.filter(community=community, pk=transfer_id).first() if isinstance(transfer_id, int) else None
    )
    if original is None:
        raise NotFound()
    if original.kind == Transfer.Kind.REVERSAL:
        raise DomainError(ERR_REVERSE_REVERSAL, field="transfer")
    leg = Leg(
        from_id=original.to_account_id,
        to_id=original.from_account_id,
        minutes=original.minutes,
        kind=Transfer.Kind.REVERSAL,
        memo=reason,
        category=original.category,
        activity_id=original.activity_id,
        reverses_id=original.pk,
    )
    (reversal,) = post(actor=actor, community=community, legs=[leg], keys=[key], workflow=workflow, reason=reason)
    return reversal
