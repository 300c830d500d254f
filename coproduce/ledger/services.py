"""Writes to the ledger. Every balance change goes through `_post`, which holds the whole rulebook.

Who may call what:
- `actor` is the acting Membership, or None for system tasks (auto-confirmation, scheduled jobs); then
  `recorded_by` stays empty.
- Used directly (from views and the API), a member may move hours only out of their own account, and only as
  an exchange or a donation; coordinators may also grant, adjust and reverse, from and to any account.
- Workflows (time bank, panels, shared roles...) make their own checks first (both parties confirmed, the
  hearing completed...) and then call these functions with `workflow="<app>"`: the actor is recorded but not
  held to the member rule. Limits, idempotency and every other rule still apply.

Mechanics: inside one transaction the accounts are locked in primary-key order, the transfers and their two
entries are inserted, the balances change by the same minutes, and hard limits are checked under the lock. A
retry with the same idempotency key returns the original transfer and posts nothing.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Subquery, Value, When
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Community, Membership, Organisation, User
from coproduce.coproduction.models import Activity
from coproduce.core.errors import DomainError, NotFound, PermissionDenied
from coproduce.ledger.models import Account, Entry, Transfer

ERR_MINUTES = _("Enter a whole number of minutes greater than zero.")
ERR_TOO_MANY_MINUTES = _("A single transfer can move at most 1,000 hours.")
ERR_UNKNOWN_ACCOUNT = _("That account does not exist.")
ERR_SAME_ACCOUNT = _("Hours cannot be moved from an account to itself.")
ERR_INACTIVE = _("The account of %(owner)s is closed.")
ERR_BELOW_FLOOR = _(
    "This would take %(owner)s to %(balance)s minutes, below the lowest balance allowed of %(limit)s minutes."
)
ERR_ABOVE_CEILING = _(
    "This would take %(owner)s to %(balance)s minutes, above the highest balance allowed of %(limit)s minutes."
)
WARN_BELOW_SOFT_FLOOR = _("%(owner)s is now at %(balance)s minutes, below %(limit)s: a coordinator has been told.")
WARN_ABOVE_SOFT_CEILING = _("%(owner)s is now at %(balance)s minutes, above %(limit)s: a coordinator has been told.")
ERR_KEY_REQUIRED = _("Send an idempotency key, so a retry cannot post the same hours twice.")
ERR_KEY_TOO_LONG = _("The idempotency key can be at most 100 characters.")
ERR_KEY_REUSED = _("This idempotency key was already used for a different transfer.")
ERR_KIND = _("Choose what kind of transfer this is.")
ERR_USE_REVERSE = _("A reversal is made by reversing the original transfer.")
ERR_NOT_YOUR_ACCOUNT = _("You can only move hours out of your own account.")
ERR_COORDINATOR_ONLY = _("Only a coordinator of this community can do that.")
ERR_MEMO_TOO_LONG = _("Keep the note to 500 characters or fewer.")
ERR_CATEGORY_TOO_LONG = _("Keep the category to 80 characters or fewer.")
ERR_EMPTY_BATCH = _("Add at least one transfer to the batch.")
ERR_BATCH_TOO_LARGE = _("A batch can hold at most 200 transfers.")
ERR_REASON_REQUIRED = _("Give a reason for the reversal.")
ERR_ALREADY_REVERSED = _("This transfer has already been reversed.")
ERR_REVERSE_REVERSAL = _("A reversal cannot itself be reversed; record a new transfer instead.")
ERR_FLOOR_ABOVE_ZERO = _("The lowest balance cannot be above zero.")
ERR_CEILING_BELOW_ZERO = _("The highest balance cannot be below zero.")
ERR_SOFT_FLOOR_BELOW_FLOOR = _("The warning level must not be below the lowest balance allowed.")
ERR_SOFT_CEILING_ABOVE_CEILING = _("The warning level must not be above the highest balance allowed.")
ERR_SOFT_ORDER = _("The lower warning level must be below the upper one.")
ERR_LIMIT_NOT_NUMBER = _("Enter limits as whole numbers of minutes.")
ERR_UNKNOWN_LIMIT = _("Unknown limit: %(name)s.")

MAX_TRANSFER_MINUTES = 1000 * 60
MAX_BATCH_LEGS = 200
MAX_KEY_LENGTH = 100
LIMIT_FIELDS = ("floor", "ceiling", "soft_floor", "soft_ceiling")
MEMBER_KINDS = frozenset({Transfer.Kind.EXCHANGE, Transfer.Kind.DONATION})
# The columns a posting needs; loading only these keeps the locking query small.
_LOCK_FIELDS = (
    "pk",
    "community_id",
    "membership_id",
    "organisation_id",
    "pool_code",
    "balance",
    "floor",
    "ceiling",
    "soft_floor",
    "soft_ceiling",
    "flagged_at",
    "is_active",
)


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


@dataclass(frozen=True)
class _Leg:
    from_id: int
    to_id: int
    minutes: int
    kind: str
    memo: str
    category: str
    activity_id: int | None
    reverses_id: int | None = None


class _Replay(Exception):
    """The idempotency key is already posted: leave the transaction and answer with the original."""


def _account_id(value: Any, field: str) -> int:
    pk = value.pk if isinstance(value, Account) else value
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return pk


def _clean_key(key: str) -> str:
    key = (key or "").strip() if isinstance(key, str) else ""
    if not key:
        raise DomainError(ERR_KEY_REQUIRED, field="idempotency_key")
    if len(key) > MAX_KEY_LENGTH:
        raise DomainError(ERR_KEY_TOO_LONG, field="idempotency_key")
    return key


def _clean_leg(*, community: Community, leg: TransferLeg, allow_reversal: bool = False) -> _Leg:
    minutes = leg.minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise DomainError(ERR_MINUTES, field="minutes")
    if minutes > MAX_TRANSFER_MINUTES:
        raise DomainError(ERR_TOO_MANY_MINUTES, field="minutes")
    if leg.kind not in Transfer.Kind.values:
        raise DomainError(ERR_KIND, field="kind")
    if leg.kind == Transfer.Kind.REVERSAL and not allow_reversal:
        raise DomainError(ERR_USE_REVERSE, field="kind")
    memo = (leg.memo or "").strip()
    if len(memo) > 500:
        raise DomainError(ERR_MEMO_TOO_LONG, field="memo")
    category = (leg.category or "").strip()
    if len(category) > 80:
        raise DomainError(ERR_CATEGORY_TOO_LONG, field="category")
    if leg.activity is not None and leg.activity.community_id != community.pk:
        raise NotFound()
    from_id = _account_id(leg.from_account, "from_account")
    to_id = _account_id(leg.to_account, "to_account")
    if from_id == to_id:
        raise DomainError(ERR_SAME_ACCOUNT, field="to_account")
    return _Leg(
        from_id=from_id,
        to_id=to_id,
        minutes=minutes,
        kind=leg.kind,
        memo=memo,
        category=category,
        activity_id=leg.activity.pk if leg.activity is not None else None,
    )


def _check_actor(actor: Membership | None, community: Community) -> None:
    if actor is not None and (actor.community_id != community.pk or not actor.is_active):
        raise NotFound()


def _require_coordinator(actor: Membership | None, community: Community) -> None:
    """System tasks (actor None) and coordinators pass; anyone else gets the same answer as a missing object."""
    _check_actor(actor, community)
    if actor is not None and not actor.is_coordinator:
        raise PermissionDenied(ERR_COORDINATOR_ONLY)


def _user_ref(actor: Membership | None) -> User | None:
    if actor is None:
        return None
    if Membership.user.is_cached(actor):  # type: ignore[attr-defined]
        return actor.user
    # The audit row needs only the key; loading the user would cost a query on every transfer.
    return User(pk=actor.user_id)


def _owner(account: Account) -> str:
    if account.membership_id:
        return str(_("member account %(id)s") % {"id": account.pk})
    if account.organisation_id:
        return str(_("organisation account %(id)s") % {"id": account.pk})
    return str(_("pool account %(id)s (%(code)s)") % {"id": account.pk, "code": account.pool_code})


def _authorise(actor: Membership | None, leg: _Leg, accounts: dict[int, Account], workflow: str) -> None:
    if actor is None or workflow or actor.is_coordinator:
        return
    if leg.kind not in MEMBER_KINDS:
        raise PermissionDenied(ERR_COORDINATOR_ONLY)
    if accounts[leg.from_id].membership_id != actor.pk:
        raise PermissionDenied(ERR_NOT_YOUR_ACCOUNT)


def _replay(*, community: Community, keys: list[str], legs: list[_Leg]) -> list[Transfer] | None:
    """The transfers already posted under these keys, or None; a key reused for other hours is an error."""
    found = {t.idempotency_key: t for t in Transfer.objects.filter(community=community, idempotency_key__in=keys)}
    if not found:
        return None
    transfers = [found.get(key) for key in keys]
    for transfer, leg in zip(transfers, legs, strict=True):
        if transfer is None or (
            transfer.from_account_id,
            transfer.to_account_id,
            transfer.minutes,
            transfer.kind,
            transfer.reverses_id,
        ) != (leg.from_id, leg.to_id, leg.minutes, leg.kind, leg.reverses_id):
            raise DomainError(ERR_KEY_REUSED, field="idempotency_key")
    for transfer in transfers:
        transfer.replayed = True  # type: ignore[union-attr]
        transfer.warnings = []  # type: ignore[union-attr]
    return transfers  # type: ignore[return-value]


def _post(
    *,
    actor: Membership | None,
    community: Community,
    legs: list[_Leg],
    keys: list[str],
    workflow: str = "",
    batch: uuid.UUID | None = None,
    reason: str = "",
) -> list[Transfer]:
    """Post `legs` atomically, or return what an earlier call with the same keys posted."""
    account_ids = sorted({leg.from_id for leg in legs} | {leg.to_id for leg in legs})
    try:
        with transaction.atomic():
            # Lock every account in primary-key order: transfers that share accounts then always queue in the
            # same order and can never deadlock. The subquery spots a plain retry in the same round trip.
            locked = list(
                Account.objects.select_for_update()
                .filter(community=community, pk__in=account_ids)
                .annotate(
                    posted=Subquery(
                        Transfer.objects.filter(community=community, idempotency_key=keys[0]).values("pk")[:1]
                    )
                )
                .only(*_LOCK_FIELDS)
                .order_by("pk")
            )
            if locked and locked[0].posted is not None:  # type: ignore[attr-defined]
                raise _Replay
            accounts = {a.pk: a for a in locked}
            if len(accounts) != len(account_ids):
                raise NotFound(ERR_UNKNOWN_ACCOUNT)
            for leg in legs:
                for pk in (leg.from_id, leg.to_id):
                    if not accounts[pk].is_active:
                        raise DomainError(
                            ERR_INACTIVE % {"owner": _owner(accounts[pk])},
                            field="to_account" if pk == leg.to_id else "from_account",
                            code="inactive",
                        )
                _authorise(actor, leg, accounts, workflow)
            for leg in legs:
                if leg.reverses_id is not None:
                    earlier = (
                        Transfer.objects.filter(reverses_id=leg.reverses_id)
                        .values_list("idempotency_key", flat=True)
                        .first()
                    )
                    if earlier is not None:
                        if earlier in keys:
                            raise _Replay
                        raise DomainError(ERR_ALREADY_REVERSED, field="transfer", code="already_reversed")

            recorded_by_id = actor.user_id if actor is not None else None
            transfers = [
                Transfer(
                    community=community,
                    from_account_id=leg.from_id,
                    to_account_id=leg.to_id,
                    minutes=leg.minutes,
                    kind=leg.kind,
                    memo=leg.memo,
                    category=leg.category,
                    activity_id=leg.activity_id,
                    recorded_by_id=recorded_by_id,
                    batch=batch,
                    reverses_id=leg.reverses_id,
                    idempotency_key=key,
                )
                for leg, key in zip(legs, keys, strict=True)
            ]
            # Insert before checking limits: a retry that raced the original fails here on the unique key (and is
            # answered with the original below) instead of being judged against the balance the original left.
            Transfer.objects.bulk_create(transfers)

            balances = {pk: a.balance for pk, a in accounts.items()}
            entries: list[Entry] = []
            for leg, transfer in zip(legs, transfers, strict=True):
                source, target = accounts[leg.from_id], accounts[leg.to_id]
                new_source = balances[leg.from_id] - leg.minutes
                if source.floor is not None and new_source < source.floor:
                    raise DomainError(
                        ERR_BELOW_FLOOR % {"owner": _owner(source), "balance": new_source, "limit": source.floor},
                        field="minutes",
                        code="below_floor",
                    )
                new_target = balances[leg.to_id] + leg.minutes
                if target.ceiling is not None and new_target > target.ceiling:
                    raise DomainError(
                        ERR_ABOVE_CEILING % {"owner": _owner(target), "balance": new_target, "limit": target.ceiling},
                        field="minutes",
                        code="above_ceiling",
                    )
                balances[leg.from_id], balances[leg.to_id] = new_source, new_target
                entries.append(
                    Entry(
                        community=community,
                        transfer=transfer,
                        account_id=leg.from_id,
                        amount=-leg.minutes,
                        balance_after=new_source,
                    )
                )
                entries.append(
                    Entry(
                        community=community,
                        transfer=transfer,
                        account_id=leg.to_id,
                        amount=leg.minutes,
                        balance_after=new_target,
                    )
                )
            Entry.objects.bulk_create(entries)

            changed = [pk for pk in account_ids if balances[pk] != accounts[pk].balance]
            warnings, newly_flagged = _soft_limits(accounts, balances, changed)
            if changed:
                update: dict[str, Any] = {
                    # Relative to the stored value, so the database applies exactly the minutes posted.
                    "balance": F("balance")
                    + Case(
                        *[When(pk=pk, then=Value(balances[pk] - accounts[pk].balance)) for pk in changed],
                        default=Value(0),
                    ),
                    "updated_at": Now(),
                }
                if newly_flagged:
                    update["flagged_at"] = Case(
                        *[When(pk=pk, then=Now()) for pk in newly_flagged], default=F("flagged_at")
                    )
                    update["flag_reason"] = Case(
                        *[When(pk=pk, then=Value(why[:200])) for pk, why in newly_flagged.items()],
                        default=F("flag_reason"),
                    )
                Account.objects.filter(pk__in=changed).update(**update)

            actor_user = _user_ref(actor)
            for leg, transfer in zip(legs, transfers, strict=True):
                changes: dict[str, Any] = {
                    "minutes": [None, leg.minutes],
                    "from": [None, leg.from_id],
                    "to": [None, leg.to_id],
                    "kind": [None, leg.kind],
                }
                if workflow:
                    changes["workflow"] = [None, workflow]
                if reason:
                    changes["reason"] = [None, reason]
                audit_record(
                    actor=actor_user,
                    community=community,
                    action=f"ledger.transfer.{leg.kind}",
                    target=transfer,
                    changes=changes,
                )
    except _Replay:
        replayed = _replay(community=community, keys=keys, legs=legs)
        assert replayed is not None
        return replayed
    except IntegrityError:
        # Two retries raced and the other committed first (or a key was reused for other accounts).
        replayed = _replay(community=community, keys=keys, legs=legs)
        if replayed is not None:
            return replayed
        if any(leg.reverses_id for leg in legs):
            raise DomainError(ERR_ALREADY_REVERSED, field="transfer", code="already_reversed") from None
        raise
    for transfer in transfers:
        transfer.replayed = False  # type: ignore[attr-defined]
        transfer.warnings = warnings  # type: ignore[attr-defined]
        transfer.balances = balances  # type: ignore[attr-defined]
    return transfers


def _soft_limits(
    accounts: dict[int, Account], balances: dict[int, int], changed: list[int]
) -> tuple[list[str], dict[int, str]]:
    """Soft thresholds never block: they warn the caller and flag the account for a coordinator."""
    warnings: list[str] = []
    flagged: dict[int, str] = {}
    for pk in changed:
        account, balance = accounts[pk], balances[pk]
        message = None
        if account.soft_floor is not None and balance < account.soft_floor:
            message = WARN_BELOW_SOFT_FLOOR % {
                "owner": _owner(account),
                "balance": balance,
                "limit": account.soft_floor,
            }
        elif account.soft_ceiling is not None and balance > account.soft_ceiling:
            message = WARN_ABOVE_SOFT_CEILING % {
                "owner": _owner(account),
                "balance": balance,
                "limit": account.soft_ceiling,
            }
        if message is not None:
            warnings.append(str(message))
            if account.flagged_at is None:
                flagged[pk] = str(message)
    return warnings, flagged


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
) -> Transfer:
    """Move `minutes` from one account to another, atomically and at most once per idempotency key.

    Refuses (DomainError, nothing posted): minutes not a positive whole number, the same account on both sides,
    a closed account, a hard limit crossed (the message names the account and the limit), an idempotency key
    already used for different hours. Unknown accounts and accounts of another community: NotFound. A member
    acting directly may only move hours out of their own account, as an exchange or donation (see the module
    docstring for coordinators and workflows). Soft thresholds never block: the returned transfer carries
    `warnings` and the account is flagged for a coordinator. `transfer.replayed` is True for a retry.
    """
    _check_actor(actor, community)
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
    (transfer,) = _post(actor=actor, community=community, legs=[leg], keys=[key], workflow=workflow)
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
    _check_actor(actor, community)
    key = _clean_key(idempotency_key)
    if not legs:
        raise DomainError(ERR_EMPTY_BATCH, field="legs")
    if len(legs) > MAX_BATCH_LEGS:
        raise DomainError(ERR_BATCH_TOO_LARGE, field="legs")
    cleaned = [_clean_leg(community=community, leg=leg) for leg in legs]
    # The suffix keeps each leg's key unique; the first doubles as the key of the batch.
    keys = [f"{key}#{n}" for n in range(len(cleaned))]
    transfers = _post(actor=actor, community=community, legs=cleaned, keys=keys, workflow=workflow, batch=uuid.uuid4())
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
        _require_coordinator(actor, community)
    else:
        _check_actor(actor, community)
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
    leg = _Leg(
        from_id=original.to_account_id,
        to_id=original.from_account_id,
        minutes=original.minutes,
        kind=Transfer.Kind.REVERSAL,
        memo=reason,
        category=original.category,
        activity_id=original.activity_id,
        reverses_id=original.pk,
    )
    (reversal,) = _post(actor=actor, community=community, legs=[leg], keys=[key], workflow=workflow, reason=reason)
    return reversal


def account_open(
    *,
    community: Community,
    membership: Membership | None = None,
    organisation: Organisation | None = None,
    pool_code: str | None = None,
) -> Account:
    """The account of one owner, created with the community's default limits on first use.

    Member and organisation accounts start with the community defaults (a new member can go 12 hours below
    zero unless the community says otherwise). Pools start without limits: the fund can be overdrawn to pay
    for community work, and coordinators can set limits on it like on any account.
    """
    owners = [o for o in (membership, organisation, pool_code) if o is not None]
    if len(owners) != 1:
        raise DomainError(ERR_UNKNOWN_ACCOUNT)
    for owner in (membership, organisation):
        if owner is not None and owner.community_id != community.pk:
            raise NotFound()
    if pool_code is not None and not (isinstance(pool_code, str) and pool_code.strip() and len(pool_code) <= 40):
        raise DomainError(ERR_UNKNOWN_ACCOUNT, field="pool_code")
    lookup = (
        {"membership": membership}
        if membership is not None
        else ({"organisation": organisation} if organisation is not None else {"pool_code": pool_code})
    )
    existing = Account.objects.filter(community=community, **lookup).first()
    if existing is not None:
        return existing
    defaults: dict[str, Any] = {}
    if pool_code is None:
        defaults = {
            "floor": community.default_floor_minutes,
            "ceiling": community.default_ceiling_minutes,
            "soft_floor": max(community.default_soft_floor_minutes, community.default_floor_minutes),
            "soft_ceiling": min(community.default_soft_ceiling_minutes, community.default_ceiling_minutes),
        }
    try:
        with transaction.atomic():
            account = Account.objects.create(community=community, **lookup, **defaults)
            audit_record(
                actor=None,
                community=community,
                action="ledger.account.open",
                target=account,
                changes={k: [None, v] for k, v in defaults.items()},
            )
    except IntegrityError:
        # Opened at the same moment by another request.
        return Account.objects.get(community=community, **lookup)
    return account


def _locked_account(community: Community, account: Account | int) -> Account:
    pk = account.pk if isinstance(account, Account) else account
    found = (
        Account.objects.select_for_update().filter(community=community, pk=pk).first() if isinstance(pk, int) else None
    )
    if found is None:
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    return found


def account_limits_update(
    *,
    actor: Membership | None,
    community: Community,
    account: Account | int,
    floor: int | None = None,
    ceiling: int | None = None,
    soft_floor: int | None = None,
    soft_ceiling: int | None = None,
    remove: Iterable[str] = (),
) -> Account:
    """Coordinators change an account's limits; None leaves a limit as it is, `remove` names limits to lift.

    The hard floor must be at most zero and the ceiling at least zero; warning levels lie within the hard
    limits. A balance already beyond a new limit stays as it is: only transfers that would move it further
    are blocked. Audited with old and new values.
    """
    _require_coordinator(actor, community)
    remove = set(remove)
    for name in remove:
        if name not in LIMIT_FIELDS:
            raise DomainError(ERR_UNKNOWN_LIMIT % {"name": name})
    new = {"floor": floor, "ceiling": ceiling, "soft_floor": soft_floor, "soft_ceiling": soft_ceiling}
    for name, value in new.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise DomainError(ERR_LIMIT_NOT_NUMBER, field=name)
    with transaction.atomic():
        locked = _locked_account(community, account)
        before = snapshot(locked, LIMIT_FIELDS)
        for name, value in new.items():
            if name in remove:
                setattr(locked, name, None)
            elif value is not None:
                setattr(locked, name, value)
        _validate_limits(locked)
        locked.save(update_fields=[*LIMIT_FIELDS, "updated_at"])
        changes = diff(before, snapshot(locked, LIMIT_FIELDS))
        if changes:
            audit_record(
                actor=_user_ref(actor),
                community=community,
                action="ledger.account.limits",
                target=locked,
                changes=changes,
            )
    return locked


def _validate_limits(account: Account) -> None:
    if account.floor is not None and account.floor > 0:
        raise DomainError(ERR_FLOOR_ABOVE_ZERO, field="floor")
    if account.ceiling is not None and account.ceiling < 0:
        raise DomainError(ERR_CEILING_BELOW_ZERO, field="ceiling")
    if account.soft_floor is not None and account.floor is not None and account.soft_floor < account.floor:
        raise DomainError(ERR_SOFT_FLOOR_BELOW_FLOOR, field="soft_floor")
    if account.soft_ceiling is not None and account.ceiling is not None and account.soft_ceiling > account.ceiling:
        raise DomainError(ERR_SOFT_CEILING_ABOVE_CEILING, field="soft_ceiling")
    if (
        account.soft_floor is not None
        and account.soft_ceiling is not None
        and account.soft_floor >= account.soft_ceiling
    ):
        raise DomainError(ERR_SOFT_ORDER, field="soft_ceiling")


def account_flag_clear(
    *, actor: Membership | None, community: Community, account: Account | int, note: str = ""
) -> Account:
    """A coordinator has looked at a flagged account; it is flagged again the next time it crosses a warning level."""
    _require_coordinator(actor, community)
    with transaction.atomic():
        locked = _locked_account(community, account)
        if locked.flagged_at is None:
            return locked
        before = snapshot(locked, ("flagged_at", "flag_reason"))
        locked.flagged_at = None
        locked.flag_reason = ""
        locked.save(update_fields=["flagged_at", "flag_reason", "updated_at"])
        changes = diff(before, snapshot(locked, ("flagged_at", "flag_reason")))
        if note.strip():
            changes["note"] = [None, note.strip()[:500]]
        audit_record(
            actor=_user_ref(actor),
            community=community,
            action="ledger.account.flag_clear",
            target=locked,
            changes=changes,
        )
    return locked


def account_active_set(
    *, actor: Membership | None, community: Community, account: Account | int, is_active: bool
) -> Account:
    """Close or reopen an account. A closed account keeps its history and balance but cannot send or receive."""
    _require_coordinator(actor, community)
    with transaction.atomic():
        locked = _locked_account(community, account)
        if locked.is_active != is_active:
            locked.is_active = is_active
            locked.save(update_fields=["is_active", "updated_at"])
            audit_record(
                actor=_user_ref(actor),
                community=community,
                action="ledger.account.active",
                target=locked,
                changes={"is_active": [not is_active, is_active]},
            )
    return locked
