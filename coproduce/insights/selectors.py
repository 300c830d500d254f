"""Reads for insights. Everything is computed from activities, contributions, memberships, assets and the
ledger of one community; nothing depends on which module recorded an activity."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Community
from coproduce.coproduction.models import Service
from coproduce.core.errors import DomainError, NotFound
from coproduce.insights import compute
from coproduce.insights.domain import GridPosition, Indicator
from coproduce.insights.models import InsightSnapshot

ERR_PERIOD = _("The end of the period must come after its start.")
ERR_NAIVE = _("Give the period with its time zone.")
ERR_TOO_LONG = _("Choose a period of ten years or less.")
MAX_PERIOD = dt.timedelta(days=3653)


def check_period(*, community: Community, service: Service | None, start: dt.datetime, end: dt.datetime) -> None:
    if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        raise DomainError(ERR_NAIVE, field="start")
    if end <= start:
        raise DomainError(ERR_PERIOD, field="end")
    if service is not None and service.community_id != community.pk:
        raise NotFound()
    if end - start > MAX_PERIOD:
        raise DomainError(ERR_TOO_LONG, field="start")


def principle_indicators(
    *, community: Community, service: Service | None = None, start: dt.datetime, end: dt.datetime
) -> dict[str, list[Indicator]]:
    """Indicators computed from activity data for each of the six principles, for a community (or one of
    its services) over [start, end). Keys are `Principle` codes; every principle is present, possibly
    with indicators whose `has_data` is False."""
    check_period(community=community, service=service, start=start, end=end)
    facts = compute.gather_facts(community=community, service=service, start=start, end=end)
    return compute.indicators_from_facts(facts)


def grid_position(
    *, community: Community, service: Service | None = None, start: dt.datetime, end: dt.datetime
) -> GridPosition:
    """Where the community (or service) sits on the co-production grid for [start, end)."""
    check_period(community=community, service=service, start=start, end=end)
    return compute.grid_for(community=community, service=service, start=start, end=end)


def snapshot_for(
    *, community: Community, service: Service | None = None, start: dt.datetime, end: dt.datetime
) -> InsightSnapshot | None:
    return InsightSnapshot.objects.filter(
        community=community, service=service, period_start=start, period_end=end
    ).first()


def indicators_from_payload(payload: dict) -> dict[str, list[Indicator]]:
    """The indicators stored in a snapshot, as `Indicator` objects again."""
    return {
        principle: [Indicator.from_dict(item) for item in items]
        for principle, items in (payload.get("indicators") or {}).items()
    }


def network_measures(
    *, community: Community, service: Service | None = None, start: dt.datetime, end: dt.datetime
) -> dict:
    """Network measures alone (ties, groups, new ties per month, two-way help, concentration)."""
    from coproduce.insights.network import network_measures_from_facts

    check_period(community=community, service=service, start=start, end=end)
    facts = compute.gather_facts(community=community, service=service, start=start, end=end, with_activities=False)
    return network_measures_from_facts(facts)
