"""Accounts: opening them with the community's defaults, and the coordinator's levers on them (limits, flags,
closing). Balances never change here; only `posting.post` moves hours."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Community, Membership, Organisation, User
from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger.models import Account
from coproduce.ledger.services.posting import ERR_UNKNOWN_ACCOUNT
from coproduce.ledger.services.transfers import require_coordinator

ERR_FLOOR_ABOVE_ZERO = _("The lowest balance cannot be above zero.")
ERR_CEILING_BELOW_ZERO = _("The highest balance cannot be below zero.")
ERR_SOFT_FLOOR_BELOW_FLOOR = _("The warning level must not be below the lowest balance allowed.")
ERR_SOFT_CEILING_ABOVE_CEILING = _("The warning level must not be above the highest balance allowed.")
ERR_SOFT_ORDER = _("The lower warning level must be below the upper one.")
ERR_LIMIT_NOT_NUMBER = _("Enter limits as whole numbers of minutes.")
ERR_UNKNOWN_LIMIT = _("Unknown limit: %(name)s.")
ERR_BAD_POOL = _("A pool needs a short code of at most 40 characters.")

LIMIT_FIELDS = ("floor", "ceiling", "soft_floor", "soft_ceiling")


def _user_ref(actor: Membership | None) -> User | None:
    if actor is None:
        return None
    if Membership.user.is_cached(actor):  # type: ignore[attr-defined]
        return actor.user
    return User(pk=actor.user_id)  # the audit row needs only the key


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
        raise DomainError(ERR_BAD_POOL, field="pool_code")
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
    require_coordinator(actor, community)
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
    require_coordinator(actor, community)
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
    require_coordinator(actor, community)
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
