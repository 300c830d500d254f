"""Indicator values from insights for a round's period, shown next to each principle's self-rating.

Insights is read-only and may not be installed in every deployment; without it every principle is
"self-reported only".
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from coproduce.communities.models import Community
from coproduce.coproduction.models import Service


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
    """Indicator values per principle code, or None when insights is not available."""
    try:
        from coproduce.insights.selectors import principle_indicators
    except ImportError:
        return None
    start_at, end_at = period_bounds(community=community, start=start, end=end)
    raw = principle_indicators(community=community, service=service, start=start_at, end=end_at)
    result: dict[str, list[IndicatorView]] = {}
    for principle, indicators in (raw or {}).items():
        views = [v for v in (_view(i) for i in indicators or ()) if v is not None]
        result[str(principle)] = views
    return result
