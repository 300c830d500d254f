"""The communities part of the JSON API: people, memberships, applications, assets, checks, organisations,
settings, the audit log, and the caller's own API tokens."""

from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from coproduce.audit.selectors import audit_events_for_community
from coproduce.communities import selectors, services
from coproduce.communities.access import ADMIN, COORDINATOR
from coproduce.communities.schemas import (
    ApplicationDecisionIn,
    ApplicationIn,
    ApplicationOut,
    AssetIn,
    AssetOut,
    AuditEventOut,
    CheckIn,
    CheckOut,
    CheckUpdateIn,
    CommunityDetailOut,
    CommunityOut,
    CommunitySettingsIn,
    ErrorOut,
    MemberDetailOut,
    MemberOut,
    MembershipChangeIn,
    MeOut,
    OfflineMemberIn,
    OrganisationIn,
    OrganisationOut,
    ProfileIn,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from coproduce.core.api import api_membership
from coproduce.core.errors import NotFound

router = Router(tags=["communities"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class Page(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


class MemberFilter(Page):
    q: str = Field("", max_length=200)
    kind: str = Field("", max_length=20)


class CheckFilter(Schema):
    expiring_within_days: int | None = Field(None, ge=0, le=3650)


class AuditFilter(Page):
    object_type: str = Field("", max_length=80)


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {"id": user.pk, "email": user.email, "name": user.name,
            "memberships": list(selectors.memberships_of_user(user=user))}


@router.get("/me/tokens", response=list[TokenOut], tags=["tokens"])
def tokens(request):
    return list(selectors.tokens_of_user(user=request.auth))


@router.post("/me/tokens", response={201: TokenCreatedOut, **ERRORS}, tags=["tokens"])
def token_create(request, payload: TokenIn):
    """Create a personal access token. The `token` value is returned only in this response."""
    token, raw = services.token_create(user=request.auth, name=payload.name, days=payload.days)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS}, tags=["tokens"])
def token_revoke(request, token_id: int):
    services.token_revoke(user=request.auth, token_id=token_id)
    return Status(204, None)


@router.get("/communities", response=list[CommunityOut])
def communities_open(request):
    return list(selectors.community_list_open())


@router.get("/communities/{slug}", response={200: CommunityDetailOut, **ERRORS})
def community_detail(request, slug: str):
    community, _membership = api_membership(request, slug)
    return community


@router.patch("/communities/{slug}", response={200: CommunityDetailOut, **ERRORS})
def community_update(request, slug: str, payload: CommunitySettingsIn):
    community, membership = api_membership(request, slug, ADMIN)
    fields = payload.dict(exclude_unset=True, exclude_none=True)
    return services.community_update(actor=membership, community=community, **fields)


@router.get("/communities/{slug}/members", response={200: list[MemberOut], **ERRORS})
def members(request, slug: str, filters: Query[MemberFilter]):
    community, _membership = api_membership(request, slug)
    found = selectors.member_directory(community=community, query=filters.q, kind=filters.kind)
    return list(found[filters.offset:filters.offset + filters.limit])


# Registered before /members/{membership_id}, whose pattern would otherwise claim "offline".
@router.post("/communities/{slug}/members/offline", response={201: MemberOut, **ERRORS})
def member_add_offline(request, slug: str, payload: OfflineMemberIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.membership_add_offline(actor=membership, community=community, **payload.dict()))


@router.get("/communities/{slug}/members/{membership_id}", response={200: MemberDetailOut, **ERRORS})
def member_detail(request, slug: str, membership_id: int):
    community, _membership = api_membership(request, slug)
    person = selectors.membership_get(community=community, membership_id=membership_id, active_only=True)
    assets = list(selectors.assets_of_member(community=community, membership=person))
    person.asset_list = assets  # type: ignore[attr-defined]
    return person


@router.patch("/communities/{slug}/members/{membership_id}", response={200: MemberOut, **ERRORS})
def member_update_profile(request, slug: str, membership_id: int, payload: ProfileIn):
    community, membership = api_membership(request, slug)
    target = selectors.membership_get(community=community, membership_id=membership_id)
    fields = {k: v for k, v in payload.dict().items() if v is not None}
    return services.membership_profile_update(actor=membership, community=community, membership=target, **fields)


@router.patch("/communities/{slug}/members/{membership_id}/membership", response={200: MemberOut, **ERRORS})
def member_change(request, slug: str, membership_id: int, payload: MembershipChangeIn):
    """Admins change the role; coordinators change the kind and suspend or reinstate."""
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.membership_set_role(actor=membership, community=community, membership_id=membership_id,
                                        **payload.dict(exclude_none=True))


@router.post("/communities/{slug}/applications", response={201: ApplicationOut, **ERRORS})
def apply(request, slug: str, payload: ApplicationIn):
    """Apply to join a community that is open for applications (any signed-in person may)."""
    try:
        community = selectors.community_get(slug=slug)
    except NotFound:
        raise Http404 from None
    membership = services.membership_apply(user=request.auth, community=community, kind=payload.kind, message=payload.message)
    return Status(201, membership)


@router.get("/communities/{slug}/applications", response={200: list[ApplicationOut], **ERRORS})
def applications(request, slug: str, overdue_only: bool = False):
    community, _membership = api_membership(request, slug, COORDINATOR)
    if overdue_only:
        return list(selectors.applications_overdue(community=community))
    return list(selectors.applications_pending(community=community))


@router.post("/communities/{slug}/applications/{membership_id}/approve", response={200: ApplicationOut, **ERRORS})
def application_approve(request, slug: str, membership_id: int, payload: ApplicationDecisionIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.membership_approve(actor=membership, community=community, membership_id=membership_id, reason=payload.reason)


@router.post("/communities/{slug}/applications/{membership_id}/decline", response={200: ApplicationOut, **ERRORS})
def application_decline(request, slug: str, membership_id: int, payload: ApplicationDecisionIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.membership_decline(actor=membership, community=community, membership_id=membership_id, reason=payload.reason)


@router.get("/communities/{slug}/members/{membership_id}/assets", response={200: list[AssetOut], **ERRORS})
def assets(request, slug: str, membership_id: int):
    community, _membership = api_membership(request, slug)
    target = selectors.membership_get(community=community, membership_id=membership_id, active_only=True)
    return list(selectors.assets_of_member(community=community, membership=target))


@router.post("/communities/{slug}/members/{membership_id}/assets", response={201: AssetOut, **ERRORS})
def asset_create(request, slug: str, membership_id: int, payload: AssetIn):
    community, membership = api_membership(request, slug)
    target = selectors.membership_get(community=community, membership_id=membership_id, active_only=True)
    return Status(201, services.asset_create(actor=membership, community=community, membership=target, **payload.dict()))


@router.delete("/communities/{slug}/assets/{asset_id}", response={204: None, **ERRORS})
def asset_delete(request, slug: str, asset_id: int):
    community, membership = api_membership(request, slug)
    services.asset_delete(actor=membership, community=community, asset_id=asset_id)
    return Status(204, None)


@router.get("/communities/{slug}/checks", response={200: list[CheckOut], **ERRORS})
def checks(request, slug: str, filters: Query[CheckFilter]):
    community, _membership = api_membership(request, slug, COORDINATOR)
    if filters.expiring_within_days is not None:
        return list(selectors.checks_expiring(community=community, within_days=filters.expiring_within_days))
    return list(selectors.checks_list(community=community))


@router.post("/communities/{slug}/checks", response={201: CheckOut, **ERRORS})
def check_record(request, slug: str, payload: CheckIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    data = payload.dict()
    target = selectors.membership_get(community=community, membership_id=data.pop("membership_id"))
    return Status(201, services.check_record(actor=membership, community=community, membership=target, **data))


@router.get("/communities/{slug}/checks/{check_id}", response={200: CheckOut, **ERRORS})
def check_detail(request, slug: str, check_id: int):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return selectors.check_get(community=community, check_id=check_id)


@router.patch("/communities/{slug}/checks/{check_id}", response={200: CheckOut, **ERRORS})
def check_update(request, slug: str, check_id: int, payload: CheckUpdateIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.check_update(actor=membership, community=community, check_id=check_id,
                                 **payload.dict(exclude_none=True))


@router.get("/communities/{slug}/organisations", response={200: list[OrganisationOut], **ERRORS})
def organisations(request, slug: str):
    community, _membership = api_membership(request, slug)
    return list(selectors.organisations_list(community=community))


@router.post("/communities/{slug}/organisations", response={201: OrganisationOut, **ERRORS})
def organisation_create(request, slug: str, payload: OrganisationIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.organisation_create(actor=membership, community=community, **payload.dict()))


@router.get("/communities/{slug}/audit", response={200: list[AuditEventOut], **ERRORS})
def audit(request, slug: str, filters: Query[AuditFilter]):
    community, _membership = api_membership(request, slug, ADMIN)
    events = audit_events_for_community(community=community, object_type=filters.object_type or None)
    return list(events[filters.offset:filters.offset + filters.limit])
