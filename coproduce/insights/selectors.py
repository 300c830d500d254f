"""Reads for insights. Everything is computed from activities, contributions, memberships, assets and the
ledger of one community; nothing depends on which module recorded an activity."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Community
from coproduce.coproduction.models import Service
from coproduce.core.errors import DomainError, NotFound
from coproduce.insights import compute
from coproduce.insights.domain import Indicator

ERR_PERIOD = _("The end of the period must come after its start.")
ERR_NAIVE = _("Give the period with its time zone.")


def _check(*, community: Community, service: Service | None, start: dt.datetime, end: dt.datetime) -> None:
    if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        raise DomainError(ERR_NAIVE, field="start")
    if end <= start:
        raise DomainError(ERR_PERIOD, field="end")
    if service is not None and service.community_id != community.pk:
        raise NotFound()


def principle_indicators(
    *, community: Community, service: Service | None = None, start: dt.datetime, end: dt.datetime
) -> dict[str, list[Indicator]]:
    """Indicators computed from activity data for each of the six principles, for a community (or one of
    its services) over [start, end). Keys are `Principle` codes; every principle is present, possibly
    with indicators whose `has_data` is False."""
    _check(community=community, service=service, start=start, end=end)
    facts = compute.gather_facts(community=community, service=service, start=start, end=end)
    return compute.indicators_from_facts(facts)
