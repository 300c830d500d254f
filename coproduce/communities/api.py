from django.http import Http404
from ninja import Router

from coproduce.audit.selectors import audit_events_for_community
from coproduce.communities import selectors, services
from coproduce.communities.access import ADMIN, COORDINATOR
from coproduce.communities.schemas import (
    ApplicationIn,
    ApplicationOut,
    AssetIn,
    AssetOut,
    AuditEventOut,
    CheckIn,
    CheckOut,
    CommunityOut,
    DecisionIn,
    ErrorOut,
    MemberOut,
    MeOut,
    OfflineMemberIn,
    ProfileIn,
)
from coproduce.core.api import api_membership
from coproduce.core.errors import NotFound

router = Router(tags=["communities"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {"id": user.pk, "email": user.email, "name": user.name,
            "memberships": list(selectors.memberships_of_user(user=user))}


@router.get("/communities", response=list[CommunityOut])
def communities_open(request):
    return list(selectors.community_list_open())


@router.get("/communities/{slug}/members", response={200: list[MemberOut], **ERRORS})
def members(request, slug: str, q: str = "", kind: str = ""):
    community, _membership = api_membership(request, slug)
    return list(selectors.member_directory(community=community, query=q, kind=kind)[:500])


@router.get("/communities/{slug}/members/{membership_id}", response={200: MemberOut, **ERRORS})
def member_detail(request, slug: str, membership_id: int):
    community, _membership = api_membership(request, slug)
    return selectors.membership_get(community=community, membership_id=membership_id, active_only=True)


@router.patch("/communities/{slug}/members/{membership_id}", response={200: MemberOut, **ERRORS})
def member_update_profile(request, slug: str, membership_id: int, payload: ProfileIn):
    community, membership = api_membership(request, slug)
    target = selectors.membership_get(community=community, membership_id=membership_id)
    fields = {k: v for k, v in payload.dict().items() if v is not None}
    return services.membership_profile_update(actor=membership, community=community, membership=target, **fields)


@router.post("/communities/{slug}/applications", response={201: ApplicationOut, **ERRORS})
def apply(request, slug: str, payload: ApplicationIn):
    try:
        community = selectors.community_get(slug=slug)
    except NotFound:
        raise Http404 from None
    membership = services.membership_apply(user=request.auth, community=community, kind=payload.kind, message=payload.message)
    return 201, membership


@router.get("/communities/{slug}/applications", response={200: list[ApplicationOut], **ERRORS})
def applications(request, slug: str):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return list(selectors.applications_pending(community=community))


@router.post("/communities/{slug}/applications/{membership_id}/approve", response={200: ApplicationOut, **ERRORS})
def application_approve(request, slug: str, membership_id: int, payload: DecisionIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.membership_approve(actor=membership, community=community, membership_id=membership_id, reason=payload.reason)


@router.post("/communities/{slug}/applications/{membership_id}/decline", response={200: ApplicationOut, **ERRORS})
def application_decline(request, slug: str, membership_id: int, payload: DecisionIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.membership_decline(actor=membership, community=community, membership_id=membership_id, reason=payload.reason)


@router.post("/communities/{slug}/members/offline", response={201: MemberOut, **ERRORS})
def member_add_offline(request, slug: str, payload: OfflineMemberIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return 201, services.membership_add_offline(actor=membership, community=community, **payload.dict())


@router.get("/communities/{slug}/members/{membership_id}/assets", response={200: list[AssetOut], **ERRORS})
def assets(request, slug: str, membership_id: int):
    community, _membership = api_membership(request, slug)
    target = selectors.membership_get(community=community, membership_id=membership_id, active_only=True)
    return list(selectors.assets_of_member(community=community, membership=target))


@router.post("/communities/{slug}/members/{membership_id}/assets", response={201: AssetOut, **ERRORS})
def asset_create(request, slug: str, membership_id: int, payload: AssetIn):
    community, membership = api_membership(request, slug)
    target = selectors.membership_get(community=community, membership_id=membership_id, active_only=True)
    return 201, services.asset_create(actor=membership, community=community, membership=target, **payload.dict())


@router.delete("/communities/{slug}/assets/{asset_id}", response={204: None, **ERRORS})
def asset_delete(request, slug: str, asset_id: int):
    community, membership = api_membership(request, slug)
    services.asset_delete(actor=membership, community=community, asset_id=asset_id)
    return 204, None


@router.get("/communities/{slug}/checks", response={200: list[CheckOut], **ERRORS})
def checks(request, slug: str, expiring_within_days: int | None = None):
    community, _membership = api_membership(request, slug, COORDINATOR)
    if expiring_within_days is not None:
        return list(selectors.checks_expiring(community=community, within_days=max(0, min(expiring_within_days, 3650))))
    return list(selectors.checks_list(community=community))


@router.post("/communities/{slug}/checks", response={201: CheckOut, **ERRORS})
def check_record(request, slug: str, payload: CheckIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    data = payload.dict()
    target = selectors.membership_get(community=community, membership_id=data.pop("membership_id"))
    return 201, services.check_record(actor=membership, community=community, membership=target, **data)


@router.get("/communities/{slug}/audit", response={200: list[AuditEventOut], **ERRORS})
def audit(request, slug: str):
    community, _membership = api_membership(request, slug, ADMIN)
    return list(audit_events_for_community(community=community)[:500])
