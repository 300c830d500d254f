"""Turning the grouped rows of `queries` into facts, indicators and the grid.

Definitions (all for one community, optionally one service, and a period [start, end)):

- *Members in scope*: for a whole community, its active memberships; for one service (which has no
  roster of its own), the members who contributed to it during the period.
- *Participants*: members with at least one contribution in the period. *Citizens* and *professionals*
  are memberships of that kind.
- *Planning* = commission and design phases; *delivery* = deliver phase. Only contributions in a role
  other than "received" count as planning or delivering.
"""

import datetime as dt
import heapq
import math
import time
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Asset, Community, Membership
from coproduce.coproduction.domain import LADDER_CODES, LadderStep, Phase, Principle, ladder_band
from coproduce.insights import queries, rollup_queries
from coproduce.insights.domain import (
    PER_MEMBER,
    PERCENT,
    RATIO,
    GridPosition,
    Indicator,
    Period,
    ratio,
    share,
)
from coproduce.insights.groups import DisjointSets
from coproduce.insights.rollups import rollups_current

# Fewer contributing members than this and "the top 10 %" is less than one person.
CONCENTRATION_MIN_MEMBERS = 10


@dataclass
class Facts:
    """Everything the indicators, the grid, the ladder and the funder report need, gathered in a few
    grouped queries."""

    members_in_scope: int = 0
    members_with_asset: int = 0
    givers_in_scope: int = 0
    participants_in_scope: int = 0
    participants: int = 0
    citizens_participating: int = 0
    givers: int = 0
    receivers: int = 0
    gave_and_received: int = 0
    gave_or_received: int = 0
    started_receiving: int = 0
    moved_to_giving: int = 0
    # phase -> membership kind -> minutes contributed (any role but "received")
    phase_minutes: dict[str, dict[str, int]] = field(default_factory=dict)
    contributed_minutes: dict[str, int] = field(default_factory=dict)
    facilitating_minutes: dict[str, int] = field(default_factory=dict)
    doing_minutes: dict[str, int] = field(default_factory=dict)
    top_decile_minutes: int = 0
    contributing_members: int = 0
    total_contributed_minutes: int = 0
    deliver_activities: int = 0
    mixed_crew_activities: int = 0
    rollup: list[queries.ActivityRollupRow] = field(default_factory=list)
    month_labels: list[str] = field(default_factory=list)
    help_pairs: int = 0
    two_way_pairs: int = 0
    peer_ties: int = 0
    largest_group: int = 0
    new_ties_by_month: list[tuple[str, int]] = field(default_factory=list)
    months: float = 0.0
    balance_spread_hours: float | None = None
    ledger_accounts: int = 0
    busiest_members: list[int] = field(default_factory=list)
    # Per part ("activities", "members", "network"): ROLLUPS or RECORDS, where the figures were read from.
    sources: dict[str, str] = field(default_factory=dict)

    def kind_minutes(self, phases: tuple[str, ...]) -> dict[str, int]:
        totals: dict[str, int] = {}
        for phase in phases:
            for kind, minutes in self.phase_minutes.get(phase, {}).items():
                totals[kind] = totals.get(kind, 0) + minutes
        return totals


PLANNING = (queries.COMMISSION, queries.DESIGN)
DELIVERY = (queries.DELIVER,)
PICTURE_SIZE = 30
ROLLUPS = "rollups"
RECORDS = "records"


def scope_for(*, community: Community, service, start: dt.datetime, end: dt.datetime) -> queries.Scope:
    return queries.Scope(community_id=community.pk, service_id=getattr(service, "pk", service), start=start, end=end)


def month_starts(period: Period, tzname: str) -> list[dt.datetime]:
    """The period's start followed by every first-of-month (in the community's time zone) inside it."""
    tz = zoneinfo.ZoneInfo(tzname)
    local = period.start.astimezone(tz)
    boundaries = [period.start]
    year, month = local.year, local.month
    while True:
        month += 1
        if month == 13:
            year, month = year + 1, 1
        boundary = dt.datetime(year, month, 1, tzinfo=tz)
        if boundary >= period.end:
            return boundaries
        boundaries.append(boundary)


def month_label(value: dt.datetime, tzname: str) -> str:
    return value.astimezone(zoneinfo.ZoneInfo(tzname)).strftime("%Y-%m")


def active_memberships(community: Community, end: dt.datetime):
    return Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).filter(
        Q(joined_at__isnull=True) | Q(joined_at__lt=end)
    )


def _fold_member_rows(facts: Facts, scope: queries.Scope, *, service_scoped: bool) -> set[int]:
    participant_ids: set[int] = set()
    minutes_per_member: list[int] = []
    busiest: list[tuple[int, int, int]] = []
    active = Membership.Status.ACTIVE.value
    for row in queries.member_rows(scope):
        facts.started_receiving += row.started_receiving
        facts.moved_to_giving += row.moved_to_giving
        if not row.contributions:
            continue
        participant_ids.add(row.membership_id)
        facts.participants += 1
        in_scope = service_scoped or row.status == active
        facts.participants_in_scope += in_scope
        if row.kind == queries.CITIZEN:
            facts.citizens_participating += 1
        facts.givers += row.gave > 0
        facts.receivers += row.received > 0
        facts.gave_and_received += row.gave > 0 and row.received > 0
        facts.gave_or_received += row.gave > 0 or row.received > 0
        facts.givers_in_scope += row.gave > 0 and in_scope
        for bucket, minutes in (
            (facts.contributed_minutes, row.minutes_contributed),
            (facts.facilitating_minutes, row.facilitating_minutes),
            (facts.doing_minutes, row.doing_minutes),
        ):
            bucket[row.kind] = bucket.get(row.kind, 0) + minutes
        if row.minutes_contributed > 0:
            minutes_per_member.append(row.minutes_contributed)
        entry = (row.contributions, row.minutes_contributed, row.membership_id)
        if len(busiest) < PICTURE_SIZE:
            heapq.heappush(busiest, entry)
        elif entry > busiest[0]:
            heapq.heapreplace(busiest, entry)
    facts.busiest_members = [m for _n, _minutes, m in sorted(busiest, reverse=True)]
    facts.contributing_members = len(minutes_per_member)
    facts.total_contributed_minutes = sum(minutes_per_member)
    if minutes_per_member:
        top = math.ceil(len(minutes_per_member) / 10)
        facts.top_decile_minutes = sum(heapq.nlargest(top, minutes_per_member))
    return participant_ids


def _fold_rollup(facts: Facts, rows: list[queries.ActivityRollupRow]) -> None:
    facts.rollup = sorted(rows, key=lambda r: (r.bucket, r.kind, r.phase, r.ladder_step or 0, r.category))
    for r in rows:
        phase = facts.phase_minutes.setdefault(r.phase, {})
        phase[queries.CITIZEN] = phase.get(queries.CITIZEN, 0) + r.citizen_minutes
        phase[queries.PROFESSIONAL] = phase.get(queries.PROFESSIONAL, 0) + r.professional_minutes
        if r.phase == queries.DELIVER:
            facts.deliver_activities += r.activities


def _rollup_reach(community: Community, scope: queries.Scope, use_rollups: bool) -> tuple[bool, bool]:
    """(day rows usable, first-and-last-time rollups usable) for this scope and period: rollups must be up to
    date and the period's bounds local midnights; the second also needs an open-ended period."""
    tzname = community.timezone
    if not (use_rollups and rollup_queries.is_local_midnight(scope.start, tzname)):
        return False, False
    if not rollup_queries.is_local_midnight(scope.end, tzname) or not rollups_current(community=community):
        return False, False
    return True, rollup_queries.is_open_ended(scope)


def _rollup_rows_from_days(rows: list[tuple]) -> tuple[list[queries.ActivityRollupRow], dict[str, dict[str, int]], int]:
    """Activity rollup rows, minutes by role kind ("facilitating", "doing") and membership kind, and mixed
    crews, from day rows."""
    result = []
    minutes: dict[str, dict[str, int]] = {"facilitating": {}, "doing": {}}
    mixed = 0
    for bucket, kind, phase, step, category, activities, mixed_crews, given, received, cit, pro, *rest in rows:
        cit_fac, pro_fac, cit_doing, pro_doing = rest
        result.append(
            queries.ActivityRollupRow(
                bucket, kind, phase, step, category, activities, given, received, cit, pro
            )
        )
        mixed += mixed_crews
        for name, c, p in (("facilitating", cit_fac, pro_fac), ("doing", cit_doing, pro_doing)):
            minutes[name][queries.CITIZEN] = minutes[name].get(queries.CITIZEN, 0) + c
            minutes[name][queries.PROFESSIONAL] = minutes[name].get(queries.PROFESSIONAL, 0) + p
    return result, minutes, mixed


def _fold_members_from_rollups(
    facts: Facts, scope: queries.Scope, tzname: str, kind_minutes, *, service_scoped: bool
) -> None:
    counts = rollup_queries.member_counts(scope, service_scoped=service_scoped)
    for name in (
        "participants",
        "participants_in_scope",
        "citizens_participating",
        "givers",
        "receivers",
        "gave_and_received",
        "gave_or_received",
        "givers_in_scope",
        "started_receiving",
        "moved_to_giving",
    ):
        setattr(facts, name, counts[name])
    rollup_queries.fold_member_totals(
        facts, scope, tzname, older=counts["older_participants"] > 0, picture_size=PICTURE_SIZE
    )
    # As in the record's fold, every kind with a participant appears, with zero minutes if need be.
    kinds = [k for k, n in ((queries.CITIZEN, facts.citizens_participating),
                            (queries.PROFESSIONAL, facts.participants - facts.citizens_participating)) if n]
    contributed = facts.kind_minutes(tuple(facts.phase_minutes))
    for target, source in (
        (facts.contributed_minutes, contributed),
        (facts.facilitating_minutes, kind_minutes["facilitating"]),
        (facts.doing_minutes, kind_minutes["doing"]),
    ):
        target.update({k: source.get(k, 0) for k in kinds})


def gather_facts(
    *,
    community: Community,
    service=None,
    start: dt.datetime,
    end: dt.datetime,
    with_activities: bool = True,
    with_network: bool = True,
    use_rollups: bool = True,
    timings: dict[str, float] | None = None,
) -> Facts:
    """Run the grouped queries for one scope and period and fold their rows into `Facts`, from rollups where
    they can answer (see `_rollup_reach`) and from the activity record otherwise; `facts.sources` says which
    for each part. When `timings` is given, the seconds each part took are added to it (members, assets,
    activities, pairs, ties, groups, ledger), so a benchmark can tell them apart within one computation."""
    scope = scope_for(community=community, service=service, start=start, end=end)
    period = Period(start, end)
    tzname = community.timezone
    boundaries = month_starts(period, tzname)
    facts = Facts(month_labels=[month_label(b, tzname) for b in boundaries])
    clock = Stopwatch(timings)
    service_scoped = service is not None
    with tuned_connection():
        days_ok, standing_ok = _rollup_reach(community, scope, use_rollups)
        facts.sources = {
            "activities": ROLLUPS if days_ok else RECORDS,
            "members": ROLLUPS if standing_ok else RECORDS,
            "network": ROLLUPS if standing_ok else RECORDS,
        }
        day_rows = None
        if days_ok:
            with clock("activities"):
                day_rows = _rollup_rows_from_days(rollup_queries.day_figures(scope, tzname, boundaries))
                _fold_rollup(facts, day_rows[0])
                facts.mixed_crew_activities = day_rows[2]
        with clock("members"):
            if standing_ok and day_rows is not None:
                _fold_members_from_rollups(facts, scope, tzname, day_rows[1], service_scoped=service_scoped)
                participant_ids = None
            else:
                participant_ids = _fold_member_rows(facts, scope, service_scoped=service_scoped)
        with clock("assets"):
            if service is None:
                members = active_memberships(community, end)
                facts.members_in_scope = members.count()
                facts.members_with_asset = members.filter(
                    Exists(Asset.objects.filter(membership=OuterRef("pk")))
                ).count()
            else:
                facts.members_in_scope = facts.participants
                if participant_ids is None:
                    facts.members_with_asset = rollup_queries.members_with_asset(scope)
                else:
                    with_asset = set(
                        Asset.objects.filter(community=community).values_list("membership_id", flat=True).distinct()
                    )
                    facts.members_with_asset = len(participant_ids & with_asset)
        del participant_ids
        if with_activities and not days_ok:
            with clock("activities"):
                _fold_rollup(facts, queries.activity_rollup(scope, boundaries))
                facts.mixed_crew_activities = queries.mixed_crews(scope)
        if not with_activities:
            facts.rollup, facts.phase_minutes, facts.deliver_activities, facts.mixed_crew_activities = [], {}, 0, 0
        facts.months = max((end - start).total_seconds() / (86400 * 365.2425 / 12), 1e-9)
        if with_network and standing_ok:
            with clock("pairs"):
                facts.help_pairs, facts.two_way_pairs = rollup_queries.help_pairs(scope, tzname)
            with clock("ties"):
                facts.peer_ties, new_ties = rollup_queries.peer_ties(scope, tzname, boundaries)
                facts.new_ties_by_month = [(label, new_ties.get(i, 0)) for i, label in enumerate(facts.month_labels)]
            with clock("groups"):
                largest = rollup_queries.largest_group_size(scope, tzname)
                # A citizen who took part without meeting another citizen is a group of one.
                facts.largest_group = max(largest, 1) if facts.citizens_participating else 0
        elif with_network:
            with clock("pairs"):
                facts.help_pairs, facts.two_way_pairs = queries.help_pairs(scope)
            with clock("ties"):
                facts.peer_ties, new_ties = queries.peer_ties(scope, boundaries)
                facts.new_ties_by_month = [(label, new_ties.get(i, 0)) for i, label in enumerate(facts.month_labels)]
            with clock("groups"):
                facts.largest_group = largest_group_size(scope)
    with clock("ledger"):
        facts.balance_spread_hours, facts.ledger_accounts = ledger_balance_spread(community)
    return facts


class Stopwatch:
    """Adds the seconds spent in each named part to `timings` (does nothing without it)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, part: str):
        if self.timings is None:
            yield
            return
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[part] = self.timings.get(part, 0.0) + time.perf_counter() - started


@contextmanager
def tuned_connection():
    """On PostgreSQL, give the grouped queries enough working memory to aggregate in memory rather than
    spill to disk, and no JIT (both scoped to this transaction)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                # Row estimates for self-joins are poor; JIT compilation then costs more than it saves.
                cursor.execute("SET LOCAL jit = off")
        yield


def largest_group_size(scope: queries.Scope) -> int:
    """Size of the largest group of citizens linked, directly or through other citizens, by activities
    they shared in the period (0 when no citizen took part). Union–find over the citizens of each
    activity as they stream past, so memory stays at one entry per citizen and no pairs are formed."""
    groups = DisjointSets()
    current, first = None, 0
    for activity_id, member in queries.citizens_by_activity(scope):
        groups.add(member)
        if activity_id != current:
            current, first = activity_id, member
            continue
        groups.union(first, member)
    return groups.largest


def ledger_balance_spread(community: Community) -> tuple[float | None, int]:
    """Standard deviation of member account balances, in hours, with the number of accounts; (None, n) with
    fewer than two accounts, and (None, 0) where the ledger is not installed."""
    try:
        from coproduce.ledger import selectors as ledger_selectors
    except ImportError:
        return None, 0
    balances = list(
        ledger_selectors.accounts_list(community=community, active_only=False, pools=False)
        .filter(membership__isnull=False)
        .values_list("balance", flat=True)
    )
    if len(balances) < 2:
        return None, len(balances)
    mean = sum(balances) / len(balances)
    variance = sum((b - mean) ** 2 for b in balances) / len(balances)
    return round(math.sqrt(variance) / 60, 2), len(balances)


def ledger_transfers(*, community: Community, service=None, start: dt.datetime, end: dt.datetime) -> list[dict] | None:
    """Hours moved through the ledger in the period by kind and category, leaving out transfers that were
    reversed and the reversals themselves; None where the ledger is not installed. For one service, only
    transfers that pay for one of its activities count."""
    try:
        from coproduce.ledger.models import Transfer
    except ImportError:
        return None
    transfers = (
        Transfer.objects.filter(community=community, created_at__gte=start, created_at__lt=end)
        .exclude(kind=Transfer.Kind.REVERSAL)
        .filter(reversals__isnull=True)
    )
    if service is not None:
        transfers = transfers.filter(activity__service=service)
    rows = (
        transfers.values("kind", "category")
        .annotate(n=Count("pk"), minutes=Sum("minutes"))
        .order_by("kind", "category")
    )
    return [
        {
            "kind": r["kind"],
            "label": str(Transfer.Kind(r["kind"]).label) if r["kind"] in Transfer.Kind.values else r["kind"],
            "category": r["category"],
            "transfers": r["n"],
            "hours": round((r["minutes"] or 0) / 60, 1),
        }
        for r in rows
    ]


def _kind_share(minutes: dict[str, int]) -> tuple[int, int, float | None]:
    citizen = minutes.get(queries.CITIZEN, 0)
    total = sum(minutes.values())
    return citizen, total, share(citizen, total)


def _balanced_score(value: float | None) -> float | None:
    """Closer to an even split between citizens and professionals scores higher (50 % → 100, 0 or 100 % → 0)."""
    return None if value is None else round(100 - 2 * abs(value - 50), 1)


def indicators_from_facts(facts: Facts) -> dict[str, list[Indicator]]:
    """The indicators per principle (keys are `Principle` codes, every principle present). Exactly:

    ASSETS
      members_with_assets  members in scope with at least one recorded asset / members in scope
      members_who_gave     members in scope who gave at least once in the period / members in scope
    CAPABILITIES
      moved_to_giving      of members whose first receipt came before any giving, facilitating or deciding and
                           who had not given, facilitated or decided before the period, those who first did so
                           within it (history before the period counts for "first")
    MUTUALITY
      gave_and_received    members who both gave and received in the period / members who gave or received
      two_way_pairs        unordered pairs where one gave and the other received in the same activity, in both
                           directions (in any activities of the period) / all such pairs
      balance_spread       standard deviation of members' current ledger balances, in hours (no share)
    NETWORKS
      peer_ties_per_member 2 × distinct pairs of citizens who took part in an activity together in the period
                           / citizens who took part (a tie through a professional is not a peer tie)
      largest_group        citizens in the largest group linked by such ties / citizens who took part
      new_ties_per_month   peer ties whose first shared activity ever falls in the period / months in it
      top_decile_share     minutes contributed by the busiest tenth (rounded up) of contributing members / all
                           contributed minutes; needs at least ten contributing members
    BLURRING_ROLES
      citizen_delivery_share  citizens' minutes in the deliver phase / all minutes in it
      citizen_planning_share  citizens' minutes in the commission and design phases / all minutes in them
      mixed_crews             deliver-phase activities with a citizen and a professional contributing
                              / deliver-phase activities
    CATALYSTS
      professional_facilitation  professionals' facilitating minutes / their facilitating + giving + deliver-
                                 phase taking-part minutes
      citizen_minutes_per_professional_minute  citizens' contributed minutes / professionals' (no share)

    "Contributed" minutes and the phase shares leave out the "received" role. A value is None (has_data False)
    whenever its denominator is zero."""
    P = Principle
    result: dict[str, list[Indicator]] = {p.value: [] for p in P}

    def add(principle, code, label, value, unit, num, den, description, score=None):
        result[principle.value].append(
            Indicator(
                code=code,
                principle=principle.value,
                label=label,
                value=value,
                unit=unit,
                numerator=num,
                denominator=den,
                description=description,
                score=score,
            )
        )

    v = share(facts.members_with_asset, facts.members_in_scope)
    add(
        P.ASSETS,
        "members_with_assets",
        _("Members with a recorded asset"),
        v,
        PERCENT,
        facts.members_with_asset,
        facts.members_in_scope,
        _("Share of members who have recorded at least one skill, experience, interest or resource."),
        v,
    )
    v = share(facts.givers_in_scope, facts.members_in_scope)
    add(
        P.ASSETS,
        "members_who_gave",
        _("Members who gave at least once"),
        v,
        PERCENT,
        facts.givers_in_scope,
        facts.members_in_scope,
        _("Share of members who gave help at least once in the period."),
        v,
    )

    v = share(facts.moved_to_giving, facts.started_receiving)
    add(
        P.CAPABILITIES,
        "moved_to_giving",
        _("Moved from receiving to giving"),
        v,
        PERCENT,
        facts.moved_to_giving,
        facts.started_receiving,
        _(
            "Of the members who started by receiving and had not yet given, facilitated or decided, the share "
            "who did so for the first time in the period."
        ),
        v,
    )

    v = share(facts.gave_and_received, facts.gave_or_received)
    add(
        P.MUTUALITY,
        "gave_and_received",
        _("Members who both gave and received"),
        v,
        PERCENT,
        facts.gave_and_received,
        facts.gave_or_received,
        _("Of the members who gave or received help in the period, the share who did both."),
        v,
    )
    v = share(facts.two_way_pairs, facts.help_pairs)
    add(
        P.MUTUALITY,
        "two_way_pairs",
        _("Pairs where help flowed both ways"),
        v,
        PERCENT,
        facts.two_way_pairs,
        facts.help_pairs,
        _("Of the pairs where one member helped another in the period, the share where each helped the other."),
        v,
    )
    add(
        P.MUTUALITY,
        "balance_spread",
        _("Spread of time balances (hours)"),
        facts.balance_spread_hours,
        "hours",
        None,
        facts.ledger_accounts or None,
        _("Standard deviation of members' current time balances; smaller means give and take are in step."),
    )

    citizens = facts.citizens_participating
    v = ratio(2 * facts.peer_ties, citizens, 2)
    add(
        P.NETWORKS,
        "peer_ties_per_member",
        _("Peer ties per member"),
        v,
        PER_MEMBER,
        2 * facts.peer_ties,
        citizens,
        _(
            "Distinct citizens each citizen took part in an activity with during the period, on average; ties "
            "through a professional do not count."
        ),
    )
    # A participant with no peer tie is a group of one.
    largest = max(facts.largest_group, 1) if citizens else 0
    v = share(largest, citizens)
    add(
        P.NETWORKS,
        "largest_group",
        _("Members in the largest connected group"),
        v,
        PERCENT,
        largest,
        citizens,
        _("Share of participating citizens who are linked, directly or through other citizens, in the largest group."),
        v,
    )
    new_ties = sum(n for _m, n in facts.new_ties_by_month)
    v = round(new_ties / facts.months, 2) if facts.months and citizens else None
    add(
        P.NETWORKS,
        "new_ties_per_month",
        _("New peer ties per month"),
        v,
        PER_MEMBER,
        new_ties,
        round(facts.months, 2),
        _("Pairs of citizens who took part in an activity together for the first time, per month."),
    )
    enough = facts.contributing_members >= CONCENTRATION_MIN_MEMBERS
    v = share(facts.top_decile_minutes, facts.total_contributed_minutes) if enough else None
    add(
        P.NETWORKS,
        "top_decile_share",
        _("Share of time given by the top 10 %"),
        v,
        PERCENT,
        facts.top_decile_minutes if enough else None,
        facts.total_contributed_minutes if enough else None,
        _(
            'How much of all contributed time the busiest tenth of members gave (the "usual suspects"); lower '
            "means activity is spread more widely. Needs at least ten contributing members."
        ),
        None if v is None else round(max(0.0, min(100.0, (100 - v) / 0.9)), 1),
    )

    cit, total, v = _kind_share(facts.kind_minutes(DELIVERY))
    add(
        P.BLURRING_ROLES,
        "citizen_delivery_share",
        _("Citizen share of delivery time"),
        v,
        PERCENT,
        cit,
        total,
        _("Citizens' share of the minutes contributed in the deliver phase (receiving help does not count)."),
        _balanced_score(v),
    )
    cit, total, v = _kind_share(facts.kind_minutes(PLANNING))
    add(
        P.BLURRING_ROLES,
        "citizen_planning_share",
        _("Citizen share of planning time"),
        v,
        PERCENT,
        cit,
        total,
        _("Citizens' share of the minutes contributed in the commission and design phases."),
        _balanced_score(v),
    )
    v = share(facts.mixed_crew_activities, facts.deliver_activities)
    add(
        P.BLURRING_ROLES,
        "mixed_crews",
        _("Delivery with mixed crews"),
        v,
        PERCENT,
        facts.mixed_crew_activities,
        facts.deliver_activities,
        _("Share of deliver-phase activities where at least one citizen and one professional contributed."),
        v,
    )

    fac = facts.facilitating_minutes.get(queries.PROFESSIONAL, 0)
    doing = facts.doing_minutes.get(queries.PROFESSIONAL, 0)
    v = share(fac, fac + doing)
    add(
        P.CATALYSTS,
        "professional_facilitation",
        _("Professional time spent facilitating"),
        v,
        PERCENT,
        fac,
        fac + doing,
        _("Of professionals' minutes facilitating, giving help or delivering, the share spent facilitating."),
        v,
    )
    cit = facts.contributed_minutes.get(queries.CITIZEN, 0)
    pro = facts.contributed_minutes.get(queries.PROFESSIONAL, 0)
    add(
        P.CATALYSTS,
        "citizen_minutes_per_professional_minute",
        _("Citizen minutes per professional minute"),
        ratio(cit, pro),
        RATIO,
        cit,
        pro,
        _("Minutes citizens contributed for every minute professionals contributed (receiving does not count)."),
    )
    return result


def principle_scores(indicators: dict[str, list[Indicator]]) -> dict[str, float | None]:
    """A 0–100 position per principle for the radar: the mean of the scores of its indicators that have one."""
    scores: dict[str, float | None] = {}
    for principle, items in indicators.items():
        values = [i.score for i in items if i.score is not None]
        scores[principle] = round(sum(values) / len(values), 1) if values else None
    return scores


GRID_LEVELS_PLANNING = ("PRO", "CO", "NONE")
GRID_LEVELS_DELIVERY = ("PRO", "CO", "USER")


def grid_thresholds() -> tuple[float, float]:
    """(low, high) citizen shares in percent: below low professionals alone, above high citizens alone."""
    low, high = getattr(settings, "COPRODUCE_GRID_THRESHOLDS", (10, 90))
    return float(low), float(high)


def grid_level(citizen_share: float | None, *, planning: bool) -> str | None:
    """PRO below the low threshold, CO from low to high inclusive, NONE (planning) / USER (delivery) above."""
    if citizen_share is None:
        return None
    low, high = grid_thresholds()
    levels = GRID_LEVELS_PLANNING if planning else GRID_LEVELS_DELIVERY
    if citizen_share < low:
        return levels[0]
    if citizen_share > high:
        return levels[2]
    return levels[1]


def grid_from_minutes(phase_minutes: dict[str, dict[str, int]]) -> GridPosition:
    """Place minutes contributed per phase and membership kind on the grid."""

    def kinds(phases: tuple[str, ...]) -> dict[str, int]:
        totals: dict[str, int] = {queries.CITIZEN: 0, queries.PROFESSIONAL: 0}
        for phase in phases:
            for kind, minutes in phase_minutes.get(phase, {}).items():
                totals[kind] = totals.get(kind, 0) + minutes
        return totals

    planning_minutes, delivery_minutes = kinds(PLANNING), kinds(DELIVERY)
    planning = _kind_share(planning_minutes)[2]
    delivery = _kind_share(delivery_minutes)[2]
    p_level = grid_level(planning, planning=True)
    d_level = grid_level(delivery, planning=False)
    return GridPosition(
        planning_share=planning,
        delivery_share=delivery,
        planning_level=p_level,
        delivery_level=d_level,
        cell=f"{p_level}_{d_level}" if p_level and d_level else None,
        planning_minutes=planning_minutes,
        delivery_minutes=delivery_minutes,
    )


def grid_for(
    *, community: Community, service=None, start: dt.datetime, end: dt.datetime, use_rollups: bool = True
) -> GridPosition:
    """The grid position alone, from one small grouped query (used for the previous period): over day rows
    when rollups can answer, over contributions otherwise."""
    scope = scope_for(community=community, service=service, start=start, end=end)
    phase_minutes: dict[str, dict[str, int]] = {}
    with tuned_connection():
        if _rollup_reach(community, scope, use_rollups)[0]:
            grouped = rollup_queries.grid_minutes(scope, community.timezone)
        else:
            grouped = queries.grid_minutes(scope)
    for (phase, kind), minutes in grouped.items():
        phase_minutes.setdefault(phase, {})[kind] = minutes
    return grid_from_minutes(phase_minutes)


def grid_movement(current: GridPosition, previous: GridPosition) -> dict:
    """How the point moved since the previous period (percentage points), and whether the cell changed."""

    def delta(now: float | None, before: float | None) -> float | None:
        return None if now is None or before is None else round(now - before, 2)

    return {
        "previous_cell": previous.cell,
        "previous_planning_share": previous.planning_share,
        "previous_delivery_share": previous.delivery_share,
        "planning_change": delta(current.planning_share, previous.planning_share),
        "delivery_change": delta(current.delivery_share, previous.delivery_share),
        "cell_changed": bool(current.cell and previous.cell and current.cell != previous.cell),
    }


def ladder_profile_from_rollup(rows: list[queries.ActivityRollupRow]) -> dict:
    """How engagement activities (those with a ladder step) spread over the seven steps and the three
    bands (doing to, doing for, doing with); shares are percentages of those activities."""
    counts = dict.fromkeys(range(1, 8), 0)
    for r in rows:
        if r.ladder_step:
            counts[int(r.ladder_step)] += r.activities
    total = sum(counts.values())
    bands = {"doing_to": 0, "doing_for": 0, "doing_with": 0}
    for step, n in counts.items():
        bands[ladder_band(step)] += n
    return {
        "total": total,
        "steps": [
            {
                "step": step,
                "code": LADDER_CODES[step],
                "label": str(LadderStep(step).label),
                "activities": n,
                "share": share(n, total),
                "band": ladder_band(step),
            }
            for step, n in counts.items()
        ],
        "bands": {band: {"activities": n, "share": share(n, total)} for band, n in bands.items()},
        "has_data": total > 0,
    }


def phase_coverage_from_rollup(rows: list[queries.ActivityRollupRow]) -> dict:
    """Activities and minutes in each of the four phases, the citizen share of each, and how many
    phases saw any activity at all."""
    phases = {p.value: {"activities": 0, "citizen_minutes": 0, "professional_minutes": 0} for p in Phase}
    for r in rows:
        entry = phases.setdefault(r.phase, {"activities": 0, "citizen_minutes": 0, "professional_minutes": 0})
        entry["activities"] += r.activities
        entry["citizen_minutes"] += r.citizen_minutes
        entry["professional_minutes"] += r.professional_minutes
    result = []
    for code, entry in phases.items():
        minutes = entry["citizen_minutes"] + entry["professional_minutes"]
        result.append(
            {
                "phase": code,
                "label": str(Phase(code).label),
                **entry,
                "citizen_share": share(entry["citizen_minutes"], minutes),
                "covered": entry["activities"] > 0,
            }
        )
    return {"phases": result, "covered": sum(1 for r in result if r["covered"]), "of": len(result)}


def grid_from_facts(facts: Facts) -> GridPosition:
    return grid_from_minutes(facts.phase_minutes)
