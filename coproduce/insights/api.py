"""Insights over the API: the same figures as the pages, for members of the community (the funder report
for coordinators). Period: `months` (3, 6 or 12) or `start` and `end` dates; optional `service_id`."""

import datetime as dt

from ninja import Router

from coproduce.communities.access import COORDINATOR
from coproduce.communities.schemas import ErrorOut
from coproduce.core.api import api_membership
from coproduce.core.errors import DomainError
from coproduce.insights import presenters, services
from coproduce.insights.compute import grid_thresholds
from coproduce.insights.forms import CUSTOM, PeriodForm
from coproduce.insights.schemas import (
    InsightFunderOut,
    InsightGridOut,
    InsightIndicatorsOut,
    InsightLadderOut,
    InsightNetworkOut,
)

router = Router(tags=["insights"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


def _snapshot(
    request,
    slug: str,
    level: str,
    months: int | None,
    start: dt.date | None,
    end: dt.date | None,
    service_id: int | None,
):
    community, _membership = api_membership(request, slug, level)
    data: dict = {"period": CUSTOM if (start or end) else str(months or 12)}
    if start:
        data["start"] = start.isoformat()
    if end:
        data["end"] = end.isoformat()
    if service_id is not None:
        data["service"] = str(service_id)
    form = PeriodForm(data, community=community)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise DomainError(
            errors[0], field="service_id" if field == "service" else ("months" if field == "period" else field)
        )
    period, service, label = form.chosen()
    snapshot = services.snapshot_ensure(community=community, service=service, start=period.start, end=period.end)
    meta = {
        "start": period.start,
        "end": period.end,
        "label": label,
        "service_id": getattr(service, "pk", None),
        "computed_at": snapshot.computed_at,
    }
    return snapshot.payload, meta


@router.get("/communities/{slug}/insights/indicators", response={200: InsightIndicatorsOut, **ERRORS})
def indicators(
    request,
    slug: str,
    months: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    service_id: int | None = None,
):
    payload, meta = _snapshot(request, slug, "member", months, start, end, service_id)
    sections = presenters.principle_sections(payload)
    return {
        "period": meta,
        "principles": [
            {
                "code": s["code"],
                "label": str(s["label"]),
                "score": s["score"],
                "indicators": [i.as_dict() for i in s["indicators"]],
            }
            for s in sections
        ],
    }


@router.get("/communities/{slug}/insights/grid", response={200: InsightGridOut, **ERRORS})
def grid(
    request,
    slug: str,
    months: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    service_id: int | None = None,
):
    payload, meta = _snapshot(request, slug, "member", months, start, end, service_id)
    movement = payload["movement"]
    return {
        "period": meta,
        "current": payload["grid"],
        "previous": payload["grid_previous"],
        "planning_change": movement["planning_change"],
        "delivery_change": movement["delivery_change"],
        "cell_changed": movement["cell_changed"],
        "thresholds": list(grid_thresholds()),
    }


@router.get("/communities/{slug}/insights/ladder", response={200: InsightLadderOut, **ERRORS})
def ladder(
    request,
    slug: str,
    months: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    service_id: int | None = None,
):
    payload, meta = _snapshot(request, slug, "member", months, start, end, service_id)
    profile, phases = payload["ladder"], payload["phases"]
    return {
        "period": meta,
        "total": profile["total"],
        "steps": profile["steps"],
        "bands": [{"band": k, **v} for k, v in profile["bands"].items()],
        "phases": phases["phases"],
        "phases_covered": phases["covered"],
    }


@router.get("/communities/{slug}/insights/network", response={200: InsightNetworkOut, **ERRORS})
def network(
    request,
    slug: str,
    months: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    service_id: int | None = None,
):
    payload, meta = _snapshot(request, slug, "member", months, start, end, service_id)
    measures = {k: v for k, v in payload["network"].items() if k != "picture"}
    return {"period": meta, **measures}


@router.get("/communities/{slug}/insights/funder-report", response={200: InsightFunderOut, **ERRORS})
def funder_report(
    request,
    slug: str,
    months: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    service_id: int | None = None,
):
    payload, meta = _snapshot(request, slug, COORDINATOR, months, start, end, service_id)
    return {"period": meta, **payload["funder"]}
