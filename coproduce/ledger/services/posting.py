"""Posting: the one place where balances change. Every transfer, batch and reversal goes through `post`.

In one transaction: lock the accounts (in primary-key order), check every rule under the lock, then write the
transfers, their entries, the new balances and the audit rows. On PostgreSQL all writes go in one statement
(a data-modifying CTE), so a transfer costs four round trips (BEGIN, lock, write, COMMIT) instead of seven or
more; SQLite runs in-process and takes the same writes as separate statements. The SQL is written by hand
because this is the ledger's hot path, and the ORM's per-query cost there was most of a transfer's CPU time.
"""

import json
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Community, Membership
from coproduce.core.errors import DomainError, NotFound, PermissionDenied
from coproduce.ledger.models import Account, Entry, Transfer

ERR_UNKNOWN_ACCOUNT = _("That account does not exist.")
ERR_INACTIVE = _("The account of %(owner)s is closed.")
ERR_BELOW_FLOOR = _(
    "This would take %(owner)s to %(balance)s minutes, below the lowest balance allowed of %(limit)s minutes."
)
ERR_ABOVE_CEILING = _(
    "This would take %(owner)s to %(balance)s minutes, above the highest balance allowed of %(limit)s minutes."
)
WARN_BELOW_SOFT_FLOOR = _("%(owner)s is now at %(balance)s minutes, below %(limit)s: a coordinator has been told.")
WARN_ABOVE_SOFT_CEILING = _("%(owner)s is now at %(balance)s minutes, above %(limit)s: a coordinator has been told.")
ERR_KEY_REUSED = _("This idempotency key was already used for a different transfer.")
ERR_NOT_YOUR_ACCOUNT = _("You can only move hours out of your own account.")
ERR_COORDINATOR_ONLY = _("Only a coordinator of this community can do that.")
ERR_ALREADY_REVERSED = _("This transfer has already been reversed.")

MEMBER_KINDS = frozenset({Transfer.Kind.EXCHANGE, Transfer.Kind.DONATION})
_ONLY_WHEN_ASKED = 2**31


@dataclass(frozen=True)
class Leg:
    """One validated transfer to post (accounts as primary keys)."""

    from_id: int
    to_id: int
    minutes: int
    kind: str
    memo: str
    category: str
    activity_id: int | None
    reverses_id: int | None = None
    default_floor: int | None = None  # the source's hard floor when its account has none of its own


@dataclass
class LockedAccount:
    """The columns of a locked account row that the rules need."""

    pk: int
    membership_id: int | None
    organisation_id: int | None
    pool_code: str | None
    balance: int
    floor: int | None
    ceiling: int | None
    soft_floor: int | None
    soft_ceiling: int | None
    flagged: bool
    is_active: bool


class _Replay(Exception):
    """The idempotency key is already posted: leave the transaction and answer with the original."""


def owner_label(account: LockedAccount | Account) -> str:
    """How refusals name an account: by number and kind, never by a person's name (messages get logged)."""
    if account.membership_id:
        return str(_("member account %(id)s") % {"id": account.pk})
    if account.organisation_id:
        return str(_("organisation account %(id)s") % {"id": account.pk})
    return str(_("pool account %(id)s (%(code)s)") % {"id": account.pk, "code": account.pool_code})


def _col(model: Any, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _lock_sql(n_accounts: int, vendor: str) -> str:
    a, t = _table(Account), _table(Transfer)

    def acc(field: str) -> str:
        return f"{a}.{_col(Account, field)}"

    def tr(field: str) -> str:
        return f"{t}.{_col(Transfer, field)}"

    fields = (
        "id",
        "membership",
        "organisation",
        "pool_code",
        "balance",
        "floor",
        "ceiling",
        "soft_floor",
        "soft_ceiling",
    )
    placeholders = ", ".join(["%s"] * n_accounts)
    # Locking every account in primary-key order means two postings that share accounts always queue in the same
    # order, so they can never deadlock. The subquery spots a plain retry in the same round trip.
    return (
        f"SELECT {', '.join(acc(f) for f in fields)}, {acc('flagged_at')} IS NOT NULL, {acc('is_active')}, "  # noqa: S608
        f"(SELECT {tr('id')} FROM {t} WHERE {tr('community')} = %s AND {tr('idempotency_key')} = %s) "
        f"FROM {a} WHERE {acc('community')} = %s AND {acc('id')} IN ({placeholders}) "
        f"ORDER BY {acc('id')}" + (" FOR UPDATE" if vendor == "postgresql" else "")
    )


def _fetch(sql: str, params: list[Any]) -> list[tuple]:
    """Run one of the posting statements on the driver's own cursor, inside Django's transaction.

    On PostgreSQL they are prepared on the server (Django's own queries are not): planning the write statement
    each time was the largest server cost of a transfer. Set LEDGER_PREPARED_STATEMENTS = False behind a pooler
    that cannot keep prepared statements. On SQLite the driver cursor skips Django's per-query rewriting, which
    was most of a transfer's time there. Driver errors surface as Django's (IntegrityError...) all the same.
    """
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    if connection.vendor == "postgresql" and getattr(settings, "LEDGER_PREPARED_STATEMENTS", True):
        import psycopg

        driver_connection = connection.connection
        if driver_connection.prepare_threshold is None:
            # Django switches psycopg's preparing off, which also ignores `prepare=True`. A threshold that is never
            # reached turns it back on for the statements that ask for it, and only those: Django's own queries use
            # client-side binding and are never prepared.
            driver_connection.prepare_threshold = _ONLY_WHEN_ASKED
        with connection.wrap_database_errors, psycopg.Cursor(driver_connection) as prepared:
            prepared.execute(sql, params, prepare=True)
            return prepared.fetchall() if prepared.description else []
    if connection.vendor == "sqlite":
        with connection.wrap_database_errors:
            driver = connection.connection.execute(_qmark(sql), params)
            return driver.fetchall() if driver.description else []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@cache
def _qmark(sql: str) -> str:
    return sql.replace("%s", "?")


def _lock(community_id: int, account_ids: list[int], key: str) -> tuple[dict[int, LockedAccount], bool]:
    # SQLite has no row locks: its transactions start IMMEDIATE (settings), so writers queue for the whole database.
    rows = _fetch(_lock_sql(len(account_ids), connection.vendor), [community_id, key, community_id, *account_ids])
    posted = bool(rows) and rows[0][-1] is not None
    return {row[0]: LockedAccount(*row[:-1]) for row in rows}, posted


def _authorise(actor: Membership | None, leg: Leg, accounts: dict[int, LockedAccount], workflow: str) -> None:
    if actor is None or workflow or actor.is_coordinator:
        return
    if leg.kind not in MEMBER_KINDS:
        raise PermissionDenied(ERR_COORDINATOR_ONLY)
    if accounts[leg.from_id].membership_id != actor.pk:
        raise PermissionDenied(ERR_NOT_YOUR_ACCOUNT)


@dataclass
class _Plan:
    balances: dict[int, int]
    entries: list[tuple[int, int, int, int]]  # (leg index, account, amount, balance after), in posting order
    deltas: dict[int, int]
    flags: dict[int, str]
    warnings: list[str]


def _plan(
    *,
    actor: Membership | None,
    legs: list[Leg],
    accounts: dict[int, LockedAccount],
    account_ids: list[int],
    workflow: str,
) -> _Plan:
    """Apply every rule to the locked rows and work out what to write. Raises DomainError; writes nothing."""
    if len(accounts) != len(account_ids):
        raise NotFound(ERR_UNKNOWN_ACCOUNT)
    for leg in legs:
        for pk, field in ((leg.from_id, "from_account"), (leg.to_id, "to_account")):
            if not accounts[pk].is_active:
                raise DomainError(ERR_INACTIVE % {"owner": owner_label(accounts[pk])}, field=field, code="inactive")
        _authorise(actor, leg, accounts, workflow)
        if leg.reverses_id is not None and Transfer.objects.filter(reverses_id=leg.reverses_id).exists():
            raise DomainError(ERR_ALREADY_REVERSED, field="transfer", code="already_reversed")

    balances = {pk: a.balance for pk, a in accounts.items()}
    entries = []
    for n, leg in enumerate(legs):
        # Each leg in order: every running balance of a batch stays within the limits, not only the last.
        source, target = accounts[leg.from_id], accounts[leg.to_id]
        new_source, new_target = balances[leg.from_id] - leg.minutes, balances[leg.to_id] + leg.minutes
        floor = source.floor if source.floor is not None else leg.default_floor
        if floor is not None and new_source < floor:
            raise DomainError(
                ERR_BELOW_FLOOR % {"owner": owner_label(source), "balance": new_source, "limit": floor},
                field="minutes",
                code="below_floor" if source.floor is not None else "below_default_floor",
            )
        if target.ceiling is not None and new_target > target.ceiling:
            raise DomainError(
                ERR_ABOVE_CEILING % {"owner": owner_label(target), "balance": new_target, "limit": target.ceiling},
                field="minutes",
                code="above_ceiling",
            )
        balances[leg.from_id], balances[leg.to_id] = new_source, new_target
        entries.append((n, leg.from_id, -leg.minutes, new_source))
        entries.append((n, leg.to_id, leg.minutes, new_target))

    deltas = {pk: balances[pk] - accounts[pk].balance for pk in account_ids if balances[pk] != accounts[pk].balance}
    warnings: list[str] = []
    flags: dict[int, str] = {}
    for pk in deltas:
        # Soft thresholds never block: they warn the caller and flag the account for a coordinator.
        account, balance = accounts[pk], balances[pk]
        message = None
        if account.soft_floor is not None and balance < account.soft_floor:
            message = WARN_BELOW_SOFT_FLOOR % {
                "owner": owner_label(account),
                "balance": balance,
                "limit": account.soft_floor,
            }
        elif account.soft_ceiling is not None and balance > account.soft_ceiling:
            message = WARN_ABOVE_SOFT_CEILING % {
                "owner": owner_label(account),
                "balance": balance,
                "limit": account.soft_ceiling,
            }
        if message is not None:
            warnings.append(str(message))
            if not account.flagged:
                flags[pk] = str(message)[:200]
    return _Plan(balances=balances, entries=entries, deltas=deltas, flags=flags, warnings=warnings)


_TRANSFER_FIELDS = (
    "created_at",
    "updated_at",
    "community",
    "from_account",
    "to_account",
    "minutes",
    "kind",
    "memo",
    "category",
    "activity",
    "recorded_by",
    "batch",
    "reverses",
    "idempotency_key",
)
_ENTRY_FIELDS = ("created_at", "updated_at", "community", "transfer", "account", "amount", "balance_after")
# The same row `audit_record` writes, inserted together with the transfer.
_AUDIT_FIELDS = ("community", "actor", "action", "object_type", "object_id", "changes", "created_at")


def _columns(model: Any, fields: tuple[str, ...]) -> str:
    return ", ".join(_col(model, f) for f in fields)


def _rows(n_rows: int, n_columns: int, casts: tuple[str, ...] = ()) -> str:
    row = "(" + ", ".join(f"%s{casts[i]}" if casts else "%s" for i in range(n_columns)) + ")"
    return ", ".join([row] * n_rows)


@cache
def _write_sql_postgresql(n_legs: int, n_accounts: int) -> str:
    entry, audit = _table(Entry), _table(AuditEvent)
    update = _update_sql_postgresql(n_accounts)
    key, tid = _col(Transfer, "idempotency_key"), _col(Transfer, "id")
    transfer_casts = (
        "::timestamptz",
        "::timestamptz",
        "::bigint",
        "::bigint",
        "::bigint",
        "::integer",
        "::varchar",
        "::varchar",
        "::varchar",
        "::bigint",
        "::bigint",
        "::uuid",
        "::bigint",
        "::varchar",
    )
    return f"""
WITH t AS (
    INSERT INTO {_table(Transfer)} ({_columns(Transfer, _TRANSFER_FIELDS)})
    VALUES {_rows(n_legs, len(_TRANSFER_FIELDS), transfer_casts)}
    RETURNING {tid}, {key}
), e AS (
    INSERT INTO {entry} ({_columns(Entry, _ENTRY_FIELDS)})
    SELECT %s::timestamptz, %s::timestamptz, %s::bigint, t.{tid}, v.account, v.amount, v.balance_after
    FROM (VALUES {_rows(2 * n_legs, 5, ("::varchar", "::bigint", "::integer", "::bigint", "::integer"))})
        AS v(key, account, amount, balance_after, ord)
    JOIN t ON t.{key} = v.key
    ORDER BY v.ord
){update}, a AS (
    INSERT INTO {audit} ({_columns(AuditEvent, _AUDIT_FIELDS)})
    SELECT %s::bigint, %s::bigint, v.action, %s::varchar, t.{tid}::text, v.changes::jsonb, %s::timestamptz
    FROM (VALUES {_rows(n_legs, 3, ("::varchar", "::varchar", "::text"))}) AS v(key, action, changes)
    JOIN t ON t.{key} = v.key
)
SELECT {tid}, {key} FROM t"""  # noqa: S608


@cache
def _update_sql_postgresql(n_accounts: int) -> str:
    if not n_accounts:  # a batch whose legs cancel out leaves every balance as it was
        return ""
    account = _table(Account)
    return f""", u AS (
    UPDATE {account} SET {_col(Account, "balance")} = {account}.{_col(Account, "balance")} + v.delta,
        {_col(Account, "updated_at")} = %s::timestamptz,
        {_col(Account, "flagged_at")} = CASE WHEN v.flag THEN %s::timestamptz ELSE {account}.{_col(Account, "flagged_at")} END,
        {_col(Account, "flag_reason")} = CASE WHEN v.flag THEN v.reason ELSE {account}.{_col(Account, "flag_reason")} END
    FROM (VALUES {_rows(n_accounts, 4, ("::bigint", "::bigint", "::boolean", "::varchar"))}) AS v(id, delta, flag, reason)
    WHERE {account}.{_col(Account, "id")} = v.id
)"""  # noqa: S608


def _write(
    *,
    community_id: int,
    recorded_by_id: int | None,
    legs: list[Leg],
    keys: list[str],
    batch: uuid.UUID | None,
    plan: _Plan,
    changes: list[dict[str, Any]],
    when: Any,
) -> list[int]:
    """Insert the transfers, entries and audit rows and move the balances; return the transfer ids in order."""
    now = connection.ops.adapt_datetimefield_value(when)
    batch_value = Transfer._meta.get_field("batch").get_db_prep_value(batch, connection)
    transfer_rows = [
        [
            now,
            now,
            community_id,
            leg.from_id,
            leg.to_id,
            leg.minutes,
            leg.kind,
            leg.memo,
            leg.category,
            leg.activity_id,
            recorded_by_id,
            batch_value,
            leg.reverses_id,
            key,
        ]
        for leg, key in zip(legs, keys, strict=True)
    ]
    actions = [f"ledger.transfer.{leg.kind}" for leg in legs]
    label = Transfer._meta.label_lower
    if connection.vendor == "postgresql":
        params: list[Any] = [value for row in transfer_rows for value in row]
        params += [now, now, community_id]
        for ord_, (n, account_id, amount, balance_after) in enumerate(plan.entries):
            params += [keys[n], account_id, amount, balance_after, ord_]
        if plan.deltas:
            params += [now, now]
        for pk, delta in plan.deltas.items():
            params += [pk, delta, pk in plan.flags, plan.flags.get(pk, "")]
        params += [community_id, recorded_by_id, label, now]
        for key, action, change in zip(keys, actions, changes, strict=True):
            params += [key, action, json.dumps(change)]
        ids = {k: pk for pk, k in _fetch(_write_sql_postgresql(len(legs), len(plan.deltas)), params)}
        return [ids[key] for key in keys]

    ids_in_order = [_fetch(_sqlite_sql("transfer", 1), row)[0][0] for row in transfer_rows]
    _fetch(
        _sqlite_sql("entries", len(plan.entries)),
        [
            v
            for n, account_id, amount, balance_after in plan.entries
            for v in (now, now, community_id, ids_in_order[n], account_id, amount, balance_after)
        ],
    )
    for pk, delta in plan.deltas.items():
        flag = pk in plan.flags
        _fetch(_sqlite_sql("update", flag), [delta, now, *([now, plan.flags[pk]] if flag else []), pk])
    _fetch(
        _sqlite_sql("audit", len(legs)),
        [
            v
            for tid, action, change in zip(ids_in_order, actions, changes, strict=True)
            for v in (community_id, recorded_by_id, action, label, str(tid), json.dumps(change), now)
        ],
    )
    return ids_in_order


@cache
def _sqlite_sql(statement: str, size: int) -> str:
    """The writes as separate statements, for SQLite (in-process, so round trips cost little)."""
    if statement == "transfer":
        return (
            f"INSERT INTO {_table(Transfer)} ({_columns(Transfer, _TRANSFER_FIELDS)}) "  # noqa: S608
            f"VALUES {_rows(1, len(_TRANSFER_FIELDS))} RETURNING {_col(Transfer, 'id')}"
        )
    if statement == "entries":
        return f"INSERT INTO {_table(Entry)} ({_columns(Entry, _ENTRY_FIELDS)}) VALUES {_rows(size, 7)}"  # noqa: S608
    if statement == "audit":
        return f"INSERT INTO {_table(AuditEvent)} ({_columns(AuditEvent, _AUDIT_FIELDS)}) VALUES {_rows(size, 7)}"  # noqa: S608
    balance, updated, flagged, reason = (
        _col(Account, f) for f in ("balance", "updated_at", "flagged_at", "flag_reason")
    )
    flag = f", {flagged} = %s, {reason} = %s" if size else ""
    return f"UPDATE {_table(Account)} SET {balance} = {balance} + %s, {updated} = %s{flag} WHERE {_col(Account, 'id')} = %s"  # noqa: S608


def _replay(*, community: Community, keys: list[str], legs: list[Leg], batched: bool) -> list[Transfer] | None:
    """The transfers already posted under these keys, or None; a key reused for other hours is an error."""
    found = {t.idempotency_key: t for t in Transfer.objects.filter(community=community, idempotency_key__in=keys)}
    if not found:
        return None
    transfers = [found.get(key) for key in keys]
    for transfer, leg in zip(transfers, legs, strict=True):
        if (
            transfer is None
            or (transfer.batch is not None) != batched
            or (
                transfer.from_account_id,
                transfer.to_account_id,
                transfer.minutes,
                transfer.kind,
                transfer.reverses_id,
            )
            != (leg.from_id, leg.to_id, leg.minutes, leg.kind, leg.reverses_id)
        ):
            raise DomainError(ERR_KEY_REUSED, field="idempotency_key", code="key_reused")
    if batched and Transfer.objects.filter(community=community, batch=transfers[0].batch).count() != len(keys):  # type: ignore[union-attr]
        raise DomainError(ERR_KEY_REUSED, field="idempotency_key", code="key_reused")
    for transfer in transfers:
        transfer.replayed = True  # type: ignore[union-attr]
        transfer.warnings = []  # type: ignore[union-attr]
        transfer.balances = None  # type: ignore[union-attr]
    return transfers  # type: ignore[return-value]


def post(
    *,
    actor: Membership | None,
    community: Community,
    legs: list[Leg],
    keys: list[str],
    workflow: str = "",
    batch: uuid.UUID | None = None,
    reason: str = "",
) -> list[Transfer]:
    """Post `legs` atomically under `keys` (one per leg), or return what an earlier call with these keys posted.

    Each returned transfer carries `replayed` (True for a retry), `warnings` (soft thresholds crossed) and
    `balances` (account id -> balance after the posting; None for a retry).
    """
    account_ids = sorted({leg.from_id for leg in legs} | {leg.to_id for leg in legs})
    recorded_by_id = actor.user_id if actor is not None else None
    try:
        with transaction.atomic():
            accounts, posted = _lock(community.pk, account_ids, keys[0])
            if posted:
                raise _Replay
            try:
                plan = _plan(actor=actor, legs=legs, accounts=accounts, account_ids=account_ids, workflow=workflow)
            except DomainError:
                # A retry that waited for the original's locks did not see it in the locking query's snapshot; a new
                # statement does, and the caller gets the original rather than a refusal judged on its effects.
                if Transfer.objects.filter(community=community, idempotency_key__in=keys).exists():
                    raise _Replay from None
                raise
            changes = []
            for leg in legs:
                change: dict[str, Any] = {
                    "minutes": [None, leg.minutes],
                    "from": [None, leg.from_id],
                    "to": [None, leg.to_id],
                    "kind": [None, leg.kind],
                }
                if workflow:
                    change["workflow"] = [None, workflow]
                if reason:
                    change["reason"] = [None, reason]
                changes.append(change)
            now = timezone.now()
            ids = _write(
                community_id=community.pk,
                recorded_by_id=recorded_by_id,
                legs=legs,
                keys=keys,
                batch=batch,
                plan=plan,
                changes=changes,
                when=now,
            )
    except _Replay:
        replayed = _replay(community=community, keys=keys, legs=legs, batched=batch is not None)
        if replayed is None:  # pragma: no cover - the key was seen under the lock and transfers are never deleted
            raise NotFound() from None
        return replayed
    except IntegrityError:
        # Two retries raced and the other committed first, or a reversal raced another reversal.
        replayed = _replay(community=community, keys=keys, legs=legs, batched=batch is not None)
        if replayed is not None:
            return replayed
        if any(leg.reverses_id for leg in legs):
            raise DomainError(ERR_ALREADY_REVERSED, field="transfer", code="already_reversed") from None
        raise

    transfers = []
    for pk, leg, key in zip(ids, legs, keys, strict=True):
        transfer = Transfer(
            pk=pk,
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
            created_at=now,
            updated_at=now,
        )
        transfer._state.adding = False
        transfer._state.db = connection.alias
        transfer.replayed = False  # type: ignore[attr-defined]
        transfer.warnings = plan.warnings  # type: ignore[attr-defined]
        transfer.balances = plan.balances  # type: ignore[attr-defined]
        transfers.append(transfer)
    return transfers
