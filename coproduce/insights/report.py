"""The whole set of figures for one community (or service) and period, as a JSON-ready payload: what a
snapshot stores and what pages, charts, exports and the API read."""

import dataclasses
import datetime as dt

from coproduce.communities.models import Community
from coproduce.insights import compute
from coproduce.insights.domain import GridPosition, Period
from coproduce.insights.funder import funder_report_from_facts
from coproduce.insights.network import network_measures_from_facts, network_picture
from coproduce.insights.outcomes import outcomes_for

PAYLOAD_VERSION = 1


def grid_as_dict(grid: GridPosition) -> dict:
    return {**dataclasses.asdict(grid), "has_data": grid.has_data}


def insights_compute(
    *, community: Community, service=None, start: dt.datetime, end: dt.datetime, timings: dict[str, float] | None = None
) -> dict:
    """Compute every figure once: indicators and radar scores, grid (with the previous period and the
    movement between them), ladder profile, phase coverage, network measures and picture, funder report.
    `timings`, when given, collects the seconds each part took (see `compute.gather_facts`)."""
    clock = compute.Stopwatch(timings)
    with compute.tuned_connection():
        facts = compute.gather_facts(community=community, service=service, start=start, end=end, timings=timings)
        with clock("grid"):
            previous = Period(start, end).previous()
            grid_previous = compute.grid_for(
                community=community, service=service, start=previous.start, end=previous.end
            )
        with clock("picture"):
            scope = compute.scope_for(community=community, service=service, start=start, end=end)
            network = network_measures_from_facts(facts)
            network["picture"] = network_picture(scope, facts.busiest_members)
    indicators = compute.indicators_from_facts(facts)
    grid = compute.grid_from_facts(facts)
    return {
        "version": PAYLOAD_VERSION,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "service_id": getattr(service, "pk", None),
        "indicators": {p: [i.as_dict() for i in items] for p, items in indicators.items()},
        "scores": compute.principle_scores(indicators),
        "grid": grid_as_dict(grid),
        "grid_previous": grid_as_dict(grid_previous),
        "movement": compute.grid_movement(grid, grid_previous),
        "ladder": compute.ladder_profile_from_rollup(facts.rollup),
        "phases": compute.phase_coverage_from_rollup(facts.rollup),
        "network": network,
        "funder": funder_report_from_facts(
            facts,
            community=community,
            service_scoped=service is not None,
            outcomes=outcomes_for(community=community, service=service, start=start, end=end),
            ledger=compute.ledger_transfers(community=community, service=service, start=start, end=end),
        ),
    }
