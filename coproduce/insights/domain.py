"""The shapes insights hand to pages, the API and other modules (assessment shows indicators beside
self-ratings). Plain dataclasses: no database access here."""

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PERCENT = "percent"
RATIO = "ratio"
PER_MEMBER = "per_member"
COUNT = "count"
HOURS = "hours"
UNITS = (PERCENT, RATIO, PER_MEMBER, COUNT, HOURS)

NO_DATA = _("No data for this period")


@dataclass(frozen=True)
class Indicator:
    """One figure computed from what people did, for one principle.

    `value` is None when the figure cannot be computed (nothing to divide by): pages show "no data"
    rather than a misleading zero. Percentages are 0–100; `numerator` / `denominator` are the counts
    or minutes the value was computed from, so a reader can check it. `score` is a 0–100 position used
    for the radar where the figure has a natural scale, otherwise None.
    """

    code: str
    principle: str
    label: str | Promise
    value: float | None
    unit: str
    numerator: float | None = None
    denominator: float | None = None
    description: str | Promise = ""
    score: float | None = None

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        """The value as people read it: "42 %", "1.5 per member", "3.2×", or "no data"."""
        if self.value is None:
            return str(NO_DATA)
        if self.unit == PERCENT:
            return f"{self.value:.0f} %"
        if self.unit == RATIO:
            return f"{self.value:.2f}"
        if self.unit == PER_MEMBER:
            return f"{self.value:.1f}"
        if self.unit == HOURS:
            return f"{self.value:.1f} h"
        return f"{self.value:g}"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["label"] = str(self.label)
        data["description"] = str(self.description)
        data["has_data"] = self.has_data
        data["display"] = self.display
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Indicator":
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


def share(numerator: float, denominator: float) -> float | None:
    """A percentage, or None when there is nothing to divide by."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 2)


def ratio(numerator: float, denominator: float, digits: int = 2) -> float | None:
    if not denominator:
        return None
    return round(numerator / denominator, digits)


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of aware datetimes."""

    start: dt.datetime
    end: dt.datetime

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        length = self.end - self.start
        return Period(start=self.start - length, end=self.start)


@dataclass
class GridPosition:
    """A service's place on the co-production grid (Bovaird 2007): rows = who delivers, columns = who
    plans. `cell` is "<planning>_<delivery>" as in the reference table (e.g. CO_PRO: users involved in
    planning, professionals deliver); `planning_share` and `delivery_share` are the citizen shares (0–100)
    that place the point, None when that phase had no contributions."""

    planning_share: float | None
    delivery_share: float | None
    planning_level: str | None
    delivery_level: str | None
    cell: str | None
    planning_minutes: dict[str, int] = field(default_factory=dict)
    delivery_minutes: dict[str, int] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return self.cell is not None
