"""The ledger over JSON: accounts, balances, statements, transfers and reversals, with the same rules as the pages.

Retries are safe: every write takes an idempotency key (the `Idempotency-Key` header, or the field), and a retry
answers 200 with the original transfer instead of 201 with a new one.
"""

from django.http import HttpRequest
from ninja import Header, Router, Status

from coproduce.communities.access import COORDINATOR
from coproduce.communities.schemas import ErrorOut
from coproduce.core.api import api_membership
from coproduce.core.errors import DomainError
from coproduce.ledger import selectors, services
from coproduce.ledger.schemas import (
    LedgerAccountOut,
    LedgerBalanceOut,
    LedgerLimitsIn,
    LedgerReverseIn,
    LedgerStatementOut,
    LedgerTransferIn,
    LedgerTransferOut,
)

router = Router(tags=["ledger"])
ERRORS = {400: ErrorOut, 404: ErrorOut}
BASE = "/communities/{slug}/ledger"


def _key(header: str | None, field: str | None) -> str:
    if header and field and header != field:
        raise DomainError(services.ERR_KEY_REUSED, field="idempotency_key")
    return header or field or ""


@router.get(f"{BASE}/accounts", response={200: list[LedgerAccountOut], **ERRORS})
def accounts(request: HttpRequest, slug: str):
    """Coordinators see every account of the community; a member sees their own."""
    community, membership = api_membership(request, slug)
    if membership.is_coordinator:
        return list(selectors.accounts_list(community=community, active_only=False)[:5000])
    return [selectors.account_for_membership(community=community, membership=membership)]


@router.get(f"{BASE}/accounts/me", response={200: LedgerAccountOut, **ERRORS})
def my_account(request: HttpRequest, slug: str):
    community, membership = api_membership(request, slug)
    return selectors.account_for_membership(community=community, membership=membership)


@router.get(f"{BASE}/accounts/{{account_id}}", response={200: LedgerAccountOut, **ERRORS})
def account(request: HttpRequest, slug: str, account_id: int):
    community, membership = api_membership(request, slug)
    return selectors.account_for_viewer(community=community, account_id=account_id, viewer=membership)


@router.get(f"{BASE}/accounts/{{account_id}}/balance", response={200: LedgerBalanceOut, **ERRORS})
def balance(request: HttpRequest, slug: str, account_id: int):
    community, membership = api_membership(request, slug)
    found = selectors.account_for_viewer(community=community, account_id=account_id, viewer=membership)
    return {"account_id": found.pk, "balance": found.balance, "floor": found.floor, "ceiling": found.ceiling}


@router.get(f"{BASE}/accounts/{{account_id}}/statement", response={200: LedgerStatementOut, **ERRORS})
def statement(request: HttpRequest, slug: str, account_id: int, before: int | None = None, limit: int = 50):
    """Newest first, paged by keyset: pass `next_before` back as `before` for older entries."""
    community, membership = api_membership(request, slug)
    found = selectors.account_for_viewer(community=community, account_id=account_id, viewer=membership)
    page = selectors.statement_page(community=community, account=found, before=before, size=max(1, min(limit, 500)))
    entries = []
    for entry in page.entries:
        entries.append(
            {
                "id": entry.pk,
                "transfer_id": entry.transfer_id,
                "created_at": entry.created_at,
                "amount": entry.amount,
                "balance_after": entry.balance_after,
                "kind": entry.transfer.kind,
                "memo": entry.transfer.memo,
                "category": entry.transfer.category,
                "counterparty_account_id": getattr(entry, "counterparty_id", None),
                "counterparty": getattr(entry, "counterparty_name", ""),
            }
        )
    return {"account": found, "entries": entries, "next_before": page.next_before}


@router.post(f"{BASE}/transfers", response={200: LedgerTransferOut, 201: LedgerTransferOut, **ERRORS})
def transfer_create(
    request: HttpRequest,
    slug: str,
    payload: LedgerTransferIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Members move hours out of their own account (an exchange or a donation); coordinators between any two.
    201 for a new transfer, 200 with the original for a retry with the same key."""
    community, membership = api_membership(request, slug)
    transfer = services.transfer_create(
        actor=membership,
        community=community,
        from_account=payload.from_account,
        to_account=payload.to_account,
        minutes=payload.minutes,
        kind=payload.kind,
        memo=payload.memo,
        category=payload.category,
        idempotency_key=_key(idempotency_key, payload.idempotency_key),
    )
    return Status(200 if getattr(transfer, "replayed", False) else 201, transfer)


@router.get(f"{BASE}/transfers/{{transfer_id}}", response={200: LedgerTransferOut, **ERRORS})
def transfer_detail(request: HttpRequest, slug: str, transfer_id: int):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return selectors.transfer_get(community=community, transfer_id=transfer_id)


@router.post(
    f"{BASE}/transfers/{{transfer_id}}/reverse", response={200: LedgerTransferOut, 201: LedgerTransferOut, **ERRORS}
)
def transfer_reverse(
    request: HttpRequest,
    slug: str,
    transfer_id: int,
    payload: LedgerReverseIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Coordinators: post the same minutes back, pointing at the original, with a reason."""
    community, membership = api_membership(request, slug, COORDINATOR)
    reversal = services.transfer_reverse(
        actor=membership,
        community=community,
        transfer=transfer_id,
        reason=payload.reason,
        idempotency_key=_key(idempotency_key, payload.idempotency_key),
    )
    return Status(200 if getattr(reversal, "replayed", False) else 201, reversal)


@router.patch(f"{BASE}/accounts/{{account_id}}/limits", response={200: LedgerAccountOut, **ERRORS})
def limits_update(request: HttpRequest, slug: str, account_id: int, payload: LedgerLimitsIn):
    """Coordinators: set hard limits and warning levels (minutes); `remove` lifts limits."""
    community, membership = api_membership(request, slug, COORDINATOR)
    services.account_limits_update(
        actor=membership,
        community=community,
        account=account_id,
        floor=payload.floor,
        ceiling=payload.ceiling,
        soft_floor=payload.soft_floor,
        soft_ceiling=payload.soft_ceiling,
        remove=payload.remove,
    )
    return selectors.account_get(community=community, account_id=account_id)
