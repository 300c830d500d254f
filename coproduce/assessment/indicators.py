"""Indicator values from insights for a round's period, shown next to each principle's self-rating.

Insights is read-only and may not be installed in every deployment; without it every principle is
"self-reported only".
"""

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass
from typing import Any

from coproduce.communities.models import Community
from coproduce.coproduction.models import Service
from coproduce.core.errors import DomainError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndicatorView:
    label: str
    value: str


def period_bounds(*, community: Community, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The round's period as aware datetimes in the community's time zone: from the first day's midnight
    up to (not including) the midnight after the last day."""
    zone = zoneinfo.ZoneInfo(community.timezone)
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _view(indicator: Any) -> IndicatorView | None:
    """An insights `Indicator` as shown beside a self-rating; None when it has no data for the period."""
    if not indicator.has_data:
        return None
    return IndicatorView(label=str(indicator.label), value=str(indicator.display))


def indicators_for_period(
    *,
    community: Community,
    service: Service | None,
    start: dt.date,
    end: dt.date,
) -> dict[str, list[IndicatorView]] | None:
    """Indicator values per principle code, or None when insights is not available. They come from the
    figures insights keeps for the period (computed on the first look, then kept fresh in the background),
    so a results page does not scan the activity record each time it is opened."""
    try:
        from coproduce.insights.selectors import indicators_from_payload
        from coproduce.insights.services import snapshot_ensure
    except ImportError:
        return None
    start_at, end_at = period_bounds(community=community, start=start, end=end)
    try:
        snapshot = snapshot_ensure(community=community, service=service, start=start_at, end=end_at)
    except DomainError:
        # A period insights will not compute (longer than ten years, from rounds opened before that limit).
        return {}
    raw = indicators_from_payload(snapshot.payload)
    result: dict[str, list[IndicatorView]] = {}
    for principle, indicators in (raw or {}).items():
        views = [v for v in (_view(i) for i in indicators or ()) if v is not None]
        result[str(principle)] = views
    return result


def indicators_prepare(*, community: Community, service: Service | None, start: dt.date, end: dt.date) -> None:
    """Queue the computation of a round's figures, so its results page is quick the first time too."""
    try:
        from coproduce.insights.tasks import compute_snapshot
    except ImportError:
        return
    start_at, end_at = period_bounds(community=community, start=start, end=end)
    try:
        compute_snapshot.enqueue(community.pk, service.pk if service else None, start_at.isoformat(), end_at.isoformat())
    except Exception:
        # The round is already open; without this the figures are computed on the first look instead.
        logger.exception("Could not queue the figures of a round in community %s", community.pk)
