"""The time bank over JSON: listings and search, exchanges and every step of them, the fund, group exchanges.
The same services as the pages, so the same rules and the same refusals (400 naming the field)."""

from ninja import Router, Status

from coproduce.communities.access import COORDINATOR
from coproduce.communities.schemas import ErrorOut
from coproduce.core.api import api_membership
from coproduce.core.errors import NotFound
from coproduce.timebank import rules, selectors, services
from coproduce.timebank.schemas import (
    TimebankAllocateIn,
    TimebankArrangeIn,
    TimebankBrokeredIn,
    TimebankCategoryIn,
    TimebankCategoryOut,
    TimebankCategoryPatch,
    TimebankCorrectionIn,
    TimebankCorrectionOut,
    TimebankDashboardOut,
    TimebankDisputeIn,
    TimebankDonateIn,
    TimebankExchangeOut,
    TimebankFundOut,
    TimebankGroupExchangeIn,
    TimebankGroupExchangeOut,
    TimebankListingIn,
    TimebankListingOut,
    TimebankListingPatch,
    TimebankPreferenceIn,
    TimebankPreferenceOut,
    TimebankReasonIn,
    TimebankRecordIn,
    TimebankResolveIn,
    TimebankRespondIn,
    TimebankTransferOut,
)

router = Router(tags=["time bank"])
ERRORS = {400: ErrorOut, 404: ErrorOut}
BASE = "/communities/{slug}/timebank"


def _with_steps(exchange, membership):
    exchange.next_steps = rules.next_steps(membership, exchange)
    return exchange


def _exchange(community, membership, exchange_id: int):
    """Reload through the selector, so the answer shows only what the caller may see."""
    return _with_steps(
        selectors.exchange_get(community=community, exchange_id=exchange_id, viewer=membership), membership
    )


@router.get(f"{BASE}/categories", response={200: list[TimebankCategoryOut], **ERRORS})
def categories_list(request, slug: str, include_archived: bool = False):
    community, _membership = api_membership(request, slug)
    return list(selectors.categories_list(community=community, include_archived=include_archived))


@router.post(f"{BASE}/categories", response={201: TimebankCategoryOut, **ERRORS})
def category_create(request, slug: str, payload: TimebankCategoryIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.category_create(actor=membership, community=community, **payload.dict()))


@router.patch(f"{BASE}/categories/{{int:category_id}}", response={200: TimebankCategoryOut, **ERRORS})
def category_update(request, slug: str, category_id: int, payload: TimebankCategoryPatch):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.category_update(
        actor=membership, community=community, category_id=category_id, **payload.dict(exclude_unset=True)
    )


@router.get(f"{BASE}/listings", response={200: list[TimebankListingOut], **ERRORS})
def listings_search(
    request,
    slug: str,
    q: str = "",
    kind: str | None = None,
    category_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
):
    """Live offers and requests; `q` searches titles, descriptions, tags and category names, best first."""
    community, _membership = api_membership(request, slug)
    category = selectors.category_get(community=community, category_id=category_id) if category_id else None
    limit, offset = max(1, min(limit, 100)), max(0, offset)
    results = selectors.listing_search(community=community, query=q[:200], kind=kind or None, category=category)
    return list(results[offset : offset + limit])


@router.post(f"{BASE}/listings", response={201: TimebankListingOut, **ERRORS})
def listing_create(request, slug: str, payload: TimebankListingIn):
    community, membership = api_membership(request, slug)
    listing = services.listing_create(actor=membership, community=community, **payload.dict())
    return Status(201, selectors.listing_get(community=community, listing_id=listing.pk))


@router.get(f"{BASE}/listings/{{int:listing_id}}", response={200: TimebankListingOut, **ERRORS})
def listing_detail(request, slug: str, listing_id: int):
    community, _membership = api_membership(request, slug)
    return selectors.listing_get(community=community, listing_id=listing_id)


@router.patch(f"{BASE}/listings/{{int:listing_id}}", response={200: TimebankListingOut, **ERRORS})
def listing_update(request, slug: str, listing_id: int, payload: TimebankListingPatch):
    community, membership = api_membership(request, slug)
    services.listing_update(
        actor=membership, community=community, listing_id=listing_id, **payload.dict(exclude_unset=True)
    )
    return selectors.listing_get(community=community, listing_id=listing_id)


@router.post(f"{BASE}/listings/{{int:listing_id}}/withdraw", response={200: TimebankListingOut, **ERRORS})
def listing_withdraw(request, slug: str, listing_id: int):
    community, membership = api_membership(request, slug)
    services.listing_withdraw(actor=membership, community=community, listing_id=listing_id)
    return selectors.listing_get(community=community, listing_id=listing_id)


@router.post(f"{BASE}/listings/{{int:listing_id}}/responses", response={201: TimebankExchangeOut, **ERRORS})
def listing_respond(request, slug: str, listing_id: int, payload: TimebankRespondIn):
    """Answer a listing; starts an exchange the listing's owner accepts or declines."""
    community, membership = api_membership(request, slug)
    exchange = services.exchange_respond(actor=membership, community=community, listing_id=listing_id, **payload.dict())
    return Status(201, _exchange(community, membership, exchange.pk))


@router.get(f"{BASE}/exchanges", response={200: list[TimebankExchangeOut], **ERRORS})
def exchanges_mine(request, slug: str):
    community, membership = api_membership(request, slug)
    return [
        _with_steps(e, membership)
        for e in selectors.exchanges_of_member(community=community, membership=membership)[:500]
    ]


@router.get(f"{BASE}/exchanges/{{int:exchange_id}}", response={200: TimebankExchangeOut, **ERRORS})
def exchange_detail(request, slug: str, exchange_id: int):
    community, membership = api_membership(request, slug)
    return _exchange(community, membership, exchange_id)


def _step(request, slug: str, exchange_id: int, service, **kwargs):
    community, membership = api_membership(request, slug)
    selectors.exchange_get(community=community, exchange_id=exchange_id, viewer=membership)
    service(actor=membership, community=community, exchange_id=exchange_id, **kwargs)
    return _exchange(community, membership, exchange_id)


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/accept", response={200: TimebankExchangeOut, **ERRORS})
def exchange_accept(request, slug: str, exchange_id: int):
    return _step(request, slug, exchange_id, services.exchange_accept)


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/decline", response={200: TimebankExchangeOut, **ERRORS})
def exchange_decline(request, slug: str, exchange_id: int, payload: TimebankReasonIn):
    return _step(request, slug, exchange_id, services.exchange_decline, reason=payload.reason)


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/arrange", response={200: TimebankExchangeOut, **ERRORS})
def exchange_arrange(request, slug: str, exchange_id: int, payload: TimebankArrangeIn):
    return _step(request, slug, exchange_id, services.exchange_arrange, **payload.dict())


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/record", response={200: TimebankExchangeOut, **ERRORS})
def exchange_record(request, slug: str, exchange_id: int, payload: TimebankRecordIn):
    return _step(request, slug, exchange_id, services.exchange_record, **payload.dict())


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/confirm", response={200: TimebankExchangeOut, **ERRORS})
def exchange_confirm(request, slug: str, exchange_id: int):
    """The receiver agrees the hours: they are posted to the ledger (receiver → provider)."""
    return _step(request, slug, exchange_id, services.exchange_confirm)


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/dispute", response={200: TimebankExchangeOut, **ERRORS})
def exchange_dispute(request, slug: str, exchange_id: int, payload: TimebankDisputeIn):
    return _step(request, slug, exchange_id, services.exchange_dispute, reason=payload.reason)


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/resolve", response={200: TimebankExchangeOut, **ERRORS})
def exchange_resolve(request, slug: str, exchange_id: int, payload: TimebankResolveIn):
    return _step(request, slug, exchange_id, services.exchange_resolve, **payload.dict())


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/cancel", response={200: TimebankExchangeOut, **ERRORS})
def exchange_cancel(request, slug: str, exchange_id: int, payload: TimebankReasonIn):
    return _step(request, slug, exchange_id, services.exchange_cancel, reason=payload.reason)


@router.get(f"{BASE}/exchanges/{{int:exchange_id}}/corrections", response={200: list[TimebankCorrectionOut], **ERRORS})
def exchange_corrections(request, slug: str, exchange_id: int):
    """The corrections made to an exchange after it was confirmed, oldest first."""
    community, membership = api_membership(request, slug)
    exchange = selectors.exchange_get(community=community, exchange_id=exchange_id, viewer=membership)
    return list(selectors.exchange_corrections(community=community, exchange=exchange))


@router.post(f"{BASE}/exchanges/{{int:exchange_id}}/corrections", response={201: TimebankCorrectionOut, **ERRORS})
def exchange_correct(request, slug: str, exchange_id: int, payload: TimebankCorrectionIn):
    """A coordinator corrects the time of a confirmed exchange: its transfer is reversed and the corrected minutes
    posted (none when `minutes` is 0). A retry with the same idempotency key returns the first correction."""
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(
        201, services.exchange_correct(actor=membership, community=community, exchange_id=exchange_id, **payload.dict())
    )


@router.post(f"{BASE}/exchanges/brokered", response={201: TimebankExchangeOut, **ERRORS})
def exchange_record_brokered(request, slug: str, payload: TimebankBrokeredIn):
    """A coordinator records (and, acting for the receiver, confirms) an exchange for an offline member."""
    community, membership = api_membership(request, slug, COORDINATOR)
    exchange = services.exchange_record_brokered(actor=membership, community=community, **payload.dict())
    return Status(201, _exchange(community, membership, exchange.pk))


@router.post(f"{BASE}/group-exchanges", response={201: TimebankGroupExchangeOut, **ERRORS})
def group_exchange_create(request, slug: str, payload: TimebankGroupExchangeIn):
    """One provider and many receivers (or many to one), posted to the ledger as one atomic batch."""
    community, membership = api_membership(request, slug, COORDINATOR)
    data = payload.dict()
    legs = [services.GroupLeg(**leg) for leg in data.pop("legs")]
    group = services.group_exchange_create(actor=membership, community=community, legs=legs, **data)
    exchanges = [_with_steps(e, membership) for e in selectors.group_exchange_legs(community=community, group=group)]
    fields = ("id", "mode", "title", "category_id", "occurred_at", "comment")
    return Status(201, {**{f: getattr(group, f) for f in fields}, "exchanges": exchanges})


@router.get(f"{BASE}/fund", response={200: TimebankFundOut, **ERRORS})
def fund(request, slug: str):
    community, _membership = api_membership(request, slug)
    return selectors.fund(community=community)


@router.post(f"{BASE}/fund/donations", response={201: TimebankTransferOut, **ERRORS})
def fund_donate(request, slug: str, payload: TimebankDonateIn):
    community, membership = api_membership(request, slug)
    return Status(201, services.fund_donate(actor=membership, community=community, **payload.dict()))


@router.post(f"{BASE}/fund/allocations", response={201: TimebankTransferOut, **ERRORS})
def fund_allocate(request, slug: str, payload: TimebankAllocateIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.fund_allocate(actor=membership, community=community, **payload.dict()))


@router.get(f"{BASE}/preferences", response={200: TimebankPreferenceOut, **ERRORS})
def preferences(request, slug: str):
    community, membership = api_membership(request, slug)
    return selectors.preference_for(community=community, membership=membership)


@router.put(f"{BASE}/preferences", response={200: TimebankPreferenceOut, **ERRORS})
def preferences_update(request, slug: str, payload: TimebankPreferenceIn):
    community, membership = api_membership(request, slug)
    return services.preference_update(actor=membership, community=community, weekly_digest=payload.weekly_digest)


@router.get(f"{BASE}/dashboard", response={200: TimebankDashboardOut, **ERRORS})
def dashboard(request, slug: str):
    community, membership = api_membership(request, slug, COORDINATOR)
    return {
        "awaiting_confirmation": [
            _with_steps(e, membership) for e in selectors.exchanges_awaiting_confirmation(community=community)[:200]
        ],
        "disputed": [_with_steps(e, membership) for e in selectors.exchanges_disputed(community=community)[:200]],
        "flagged_accounts": list(selectors.flagged_accounts(community=community)[:200]),
        "members_without_listings": list(selectors.members_without_listings(community=community)[:500]),
        "inactive_members": list(selectors.members_inactive(community=community)[:500]),
    }


__all__ = ["NotFound", "router"]
