"""The co-production record in the JSON API: services, activities and who contributed to them."""

from ninja import Query, Router, Schema, Status
from pydantic import Field

from coproduce.communities.access import COORDINATOR
from coproduce.communities.schemas import ErrorOut
from coproduce.coproduction import selectors, services
from coproduce.coproduction.schemas import (
    ActivityDetailOut,
    ActivityIn,
    ActivityOut,
    ContributionOut,
    ServiceIn,
    ServiceOut,
    ServiceUpdateIn,
)
from coproduce.coproduction.services import ContributionInput
from coproduce.core.api import api_membership

router = Router(tags=["co-production"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class ActivityFilter(Schema):
    service_id: int | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/communities/{slug}/services", response={200: list[ServiceOut], **ERRORS})
def services_list(request, slug: str):
    community, _membership = api_membership(request, slug)
    return list(selectors.services_list(community=community))


@router.post("/communities/{slug}/services", response={201: ServiceOut, **ERRORS})
def service_create(request, slug: str, payload: ServiceIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.service_create(actor=membership, community=community, **payload.dict()))


@router.get("/communities/{slug}/services/{service_id}", response={200: ServiceOut, **ERRORS})
def service_detail(request, slug: str, service_id: int):
    community, _membership = api_membership(request, slug)
    return selectors.service_get(community=community, service_id=service_id)


@router.patch("/communities/{slug}/services/{service_id}", response={200: ServiceOut, **ERRORS})
def service_update(request, slug: str, service_id: int, payload: ServiceUpdateIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.service_update(actor=membership, community=community, service_id=service_id,
                                   **payload.dict(exclude_none=True))


@router.get("/communities/{slug}/activities", response={200: list[ActivityOut], **ERRORS})
def activities_list(request, slug: str, filters: Query[ActivityFilter]):
    community, _membership = api_membership(request, slug)
    service = selectors.service_get(community=community, service_id=filters.service_id) if filters.service_id else None
    found = selectors.activities_list(community=community, service=service)
    return list(found[filters.offset:filters.offset + filters.limit])


@router.post("/communities/{slug}/activities", response={201: ActivityOut, **ERRORS})
def activity_create(request, slug: str, payload: ActivityIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    service = selectors.service_get(community=community, service_id=payload.service_id)
    activity = services.activity_record(
        actor=membership, community=community, service=service, kind=payload.kind, phase=payload.phase,
        title=payload.title, occurred_at=payload.occurred_at, ladder_step=payload.ladder_step,
        location=payload.location, notes=payload.notes,
        contributions=[ContributionInput(c.membership_id, c.role, c.minutes) for c in payload.contributions],
    )
    return Status(201, activity)


@router.get("/communities/{slug}/activities/{activity_id}", response={200: ActivityDetailOut, **ERRORS})
def activity_detail(request, slug: str, activity_id: int):
    community, _membership = api_membership(request, slug)
    activity = selectors.activity_get(community=community, activity_id=activity_id)
    contributions = list(selectors.contributions_of_activity(community=community, activity=activity))
    activity.contribution_list = contributions  # type: ignore[attr-defined]
    return activity


@router.get("/communities/{slug}/activities/{activity_id}/contributions", response={200: list[ContributionOut], **ERRORS})
def activity_contributions(request, slug: str, activity_id: int):
    community, _membership = api_membership(request, slug)
    activity = selectors.activity_get(community=community, activity_id=activity_id)
    return list(selectors.contributions_of_activity(community=community, activity=activity))
