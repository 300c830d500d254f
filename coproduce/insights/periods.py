"""Periods people pick on insights pages, turned into aware [start, end) datetimes.

Periods end at the next local midnight of the community, so "the last 6 months" is the same period all
day long and its cached figures can be reused.
"""

import datetime as dt
import zoneinfo

from django.utils import timezone

from coproduce.insights.domain import Period

PRESET_MONTHS = (3, 6, 12)
DEFAULT_MONTHS = 12


def _midnight(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the last day of the month when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has 28 days


def last_months(*, tzname: str, months: int, today: dt.date | None = None) -> Period:
    tz = zoneinfo.ZoneInfo(tzname)
    today = today or timezone.now().astimezone(tz).date()
    end_day = today + dt.timedelta(days=1)
    return Period(start=_midnight(months_before(end_day, months), tz), end=_midnight(end_day, tz))


def between_dates(*, tzname: str, first: dt.date, last: dt.date) -> Period:
    """From the start of `first` to the end of `last`, both local days included."""
    tz = zoneinfo.ZoneInfo(tzname)
    return Period(start=_midnight(first, tz), end=_midnight(last + dt.timedelta(days=1), tz))
