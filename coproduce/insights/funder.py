"""The funder report: hours, people, value and outcomes, month by month."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from coproduce.communities.models import Community
from coproduce.coproduction.domain import ActivityKind
from coproduce.insights import queries
from coproduce.insights.compute import Facts


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def funder_report_from_facts(
    facts: Facts, *, community: Community, service_scoped: bool, outcomes: list[dict], ledger: list[dict] | None = None
) -> dict:
    """Hours given and received per month, activities by kind per month, exchanges by category, members
    active and inactive, people reached, members who moved from receiving to giving, and the value of the
    time citizens contributed at the community's value of one hour; hours moved through the ledger by
    category when there is a ledger."""
    months: list[dict[str, Any]] = [
        {"month": label, "minutes_given": 0, "minutes_received": 0, "activities": 0, "by_kind": {}}
        for label in facts.month_labels
    ]
    categories: dict[str, dict] = {}
    citizen_minutes = 0
    for r in facts.rollup:
        if 0 <= r.bucket < len(months):
            month = months[r.bucket]
            month["minutes_given"] += r.minutes_given
            month["minutes_received"] += r.minutes_received
            month["activities"] += r.activities
            month["by_kind"][r.kind] = month["by_kind"].get(r.kind, 0) + r.activities
        citizen_minutes += r.citizen_minutes
        if r.kind == queries.EXCHANGE:
            entry = categories.setdefault(r.category or "", {"exchanges": 0, "minutes": 0})
            entry["exchanges"] += r.activities
            entry["minutes"] += r.minutes_given
    for month in months:
        month["hours_given"] = _hours(month["minutes_given"])
        month["hours_received"] = _hours(month["minutes_received"])
    minutes_given = sum(m["minutes_given"] for m in months)
    minutes_received = sum(m["minutes_received"] for m in months)
    hour_value = Decimal(community.hour_value)
    value = (Decimal(citizen_minutes) / 60 * hour_value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    kinds = sorted({k for m in months for k in m["by_kind"]})
    return {
        "months": months,
        "kinds": [{"code": k, "label": str(ActivityKind(k).label) if k in ActivityKind.values else k} for k in kinds],
        "hours_given": _hours(minutes_given),
        "hours_received": _hours(minutes_received),
        "citizen_hours": _hours(citizen_minutes),
        "hour_value": str(hour_value),
        "currency": community.currency,
        "value_of_hours": str(value),
        "categories": [
            {"category": name, "exchanges": c["exchanges"], "hours": _hours(c["minutes"])}
            for name, c in sorted(categories.items(), key=lambda item: (-item[1]["exchanges"], item[0]))
        ],
        "active_members": facts.participants_in_scope,
        "inactive_members": None if service_scoped else max(facts.members_in_scope - facts.participants_in_scope, 0),
        "people_reached": facts.receivers,
        "moved_to_giving": facts.moved_to_giving,
        "outcomes": outcomes,
        "ledger": ledger,
    }
