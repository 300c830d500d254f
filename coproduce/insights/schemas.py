import datetime as dt

from ninja import Schema


class InsightPeriodOut(Schema):
    start: dt.datetime
    end: dt.datetime
    label: str
    service_id: int | None = None
    computed_at: dt.datetime | None = None


class InsightIndicatorOut(Schema):
    code: str
    principle: str
    label: str
    value: float | None
    unit: str
    numerator: float | None = None
    denominator: float | None = None
    description: str
    score: float | None = None
    has_data: bool
    display: str


class InsightPrincipleOut(Schema):
    code: str
    label: str
    score: float | None = None
    indicators: list[InsightIndicatorOut]


class InsightIndicatorsOut(Schema):
    period: InsightPeriodOut
    principles: list[InsightPrincipleOut]


class InsightGridPointOut(Schema):
    cell: str | None = None
    planning_share: float | None = None
    delivery_share: float | None = None
    planning_level: str | None = None
    delivery_level: str | None = None
    has_data: bool


class InsightGridOut(Schema):
    period: InsightPeriodOut
    current: InsightGridPointOut
    previous: InsightGridPointOut
    planning_change: float | None = None
    delivery_change: float | None = None
    cell_changed: bool
    thresholds: list[float]


class InsightLadderStepOut(Schema):
    step: int
    code: str
    label: str
    band: str
    activities: int
    share: float | None = None


class InsightLadderBandOut(Schema):
    band: str
    activities: int
    share: float | None = None


class InsightPhaseOut(Schema):
    phase: str
    label: str
    activities: int
    citizen_minutes: int
    professional_minutes: int
    citizen_share: float | None = None
    covered: bool


class InsightLadderOut(Schema):
    period: InsightPeriodOut
    total: int
    steps: list[InsightLadderStepOut]
    bands: list[InsightLadderBandOut]
    phases: list[InsightPhaseOut]
    phases_covered: int


class InsightMonthTiesOut(Schema):
    month: str
    new_ties: int


class InsightNetworkOut(Schema):
    period: InsightPeriodOut
    participants: int
    citizens: int
    peer_ties: int
    peer_ties_per_member: float | None = None
    largest_group: int
    largest_group_share: float | None = None
    help_pairs: int
    two_way_pairs: int
    two_way_share: float | None = None
    top_decile_share: float | None = None
    contributing_members: int
    new_ties_by_month: list[InsightMonthTiesOut]


class InsightFunderMonthOut(Schema):
    month: str
    hours_given: float
    hours_received: float
    activities: int
    by_kind: dict[str, int]


class InsightCategoryOut(Schema):
    category: str
    exchanges: int
    hours: float


class InsightOutcomeOut(Schema):
    code: str
    label: str
    value: float
    unit: str


class InsightLedgerRowOut(Schema):
    kind: str
    label: str
    category: str
    transfers: int
    hours: float


class InsightFunderOut(Schema):
    period: InsightPeriodOut
    hours_given: float
    hours_received: float
    citizen_hours: float
    hour_value: str
    currency: str
    value_of_hours: str
    active_members: int
    inactive_members: int | None = None
    people_reached: int
    moved_to_giving: int
    months: list[InsightFunderMonthOut]
    categories: list[InsightCategoryOut]
    outcomes: list[InsightOutcomeOut]
    ledger: list[InsightLedgerRowOut] | None = None
