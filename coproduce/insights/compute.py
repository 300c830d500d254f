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
import math
import zoneinfo
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Asset, Community, Membership
from coproduce.coproduction.domain import Principle
from coproduce.insights import queries
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

# Fewer contributing members than this and "the top 10 %" is less than one person.
CONCENTRATION_MIN_MEMBERS = 10


@dataclass
class Facts:
    """Everything the indicators need, gathered in a few grouped queries."""

    members_in_scope: int = 0
    members_with_asset: int = 0
    givers_in_scope: int = 0
    participants: int = 0
    citizens_participating: int = 0
    givers: int = 0
    receivers: int = 0
    gave_and_received: int = 0
    gave_or_received: int = 0
    started_receiving: int = 0
    moved_to_giving: int = 0
    minutes_given: int = 0
    minutes_received: int = 0
    # kind -> minutes
    planning_minutes: dict[str, int] = field(default_factory=dict)
    delivery_minutes: dict[str, int] = field(default_factory=dict)
    contributed_minutes: dict[str, int] = field(default_factory=dict)
    facilitating_minutes: dict[str, int] = field(default_factory=dict)
    doing_minutes: dict[str, int] = field(default_factory=dict)
    top_decile_minutes: int = 0
    contributing_members: int = 0
    total_contributed_minutes: int = 0
    deliver_activities: int = 0
    mixed_crew_activities: int = 0
    help_pairs: int = 0
    two_way_pairs: int = 0
    peer_ties: int = 0
    largest_group: int = 0
    new_ties_by_month: list[tuple[str, int]] = field(default_factory=list)
    months: float = 0.0
    balance_spread_hours: float | None = None
    ledger_accounts: int = 0


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


def _active_memberships(community: Community, end: dt.datetime):
    return Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).filter(
        Q(joined_at__isnull=True) | Q(joined_at__lt=end)
    )


def gather_facts(
    *,
    community: Community,
    service=None,
    start: dt.datetime,
    end: dt.datetime,
    with_pairs: bool = True,
    with_groups: bool = True,
) -> Facts:
    """Run the grouped queries for one scope and period and fold their rows into `Facts`."""
    scope = scope_for(community=community, service=service, start=start, end=end)
    facts = Facts()
    participant_ids: set[int] = set()
    minutes_per_member: list[int] = []
    active = Membership.Status.ACTIVE.value
    for row in queries.member_rows(scope):
        facts.started_receiving += row.started_receiving
        facts.moved_to_giving += row.moved_to_giving
        if not row.contributions:
            continue
        participant_ids.add(row.membership_id)
        facts.participants += 1
        if row.kind == queries.CITIZEN:
            facts.citizens_participating += 1
        facts.givers += row.gave > 0
        facts.receivers += row.received > 0
        facts.gave_and_received += row.gave > 0 and row.received > 0
        facts.gave_or_received += row.gave > 0 or row.received > 0
        if row.gave and (service is not None or row.status == active):
            facts.givers_in_scope += 1
        facts.minutes_given += row.minutes_given
        facts.minutes_received += row.minutes_received
        for bucket, minutes in (
            (facts.planning_minutes, row.planning_minutes),
            (facts.delivery_minutes, row.delivery_minutes),
            (facts.contributed_minutes, row.minutes_contributed),
            (facts.facilitating_minutes, row.facilitating_minutes),
            (facts.doing_minutes, row.doing_minutes),
        ):
            bucket[row.kind] = bucket.get(row.kind, 0) + minutes
        if row.minutes_contributed > 0:
            minutes_per_member.append(row.minutes_contributed)
    facts.contributing_members = len(minutes_per_member)
    facts.total_contributed_minutes = sum(minutes_per_member)
    if minutes_per_member:
        top = math.ceil(len(minutes_per_member) / 10)
        facts.top_decile_minutes = sum(sorted(minutes_per_member, reverse=True)[:top])
    del minutes_per_member

    if service is None:
        members = _active_memberships(community, end)
        facts.members_in_scope = members.count()
        facts.members_with_asset = members.filter(Exists(Asset.objects.filter(membership=OuterRef("pk")))).count()
    else:
        facts.members_in_scope = facts.participants
        with_asset = set(Asset.objects.filter(community=community).values_list("membership_id", flat=True).distinct())
        facts.members_with_asset = len(participant_ids & with_asset)
    del participant_ids

    facts.deliver_activities, facts.mixed_crew_activities = queries.mixed_crews(scope)
    period = Period(start, end)
    facts.months = max((end - start).total_seconds() / (86400 * 365.2425 / 12), 1e-9)
    if with_pairs:
        boundaries = month_starts(period, community.timezone)
        pairs = queries.pair_summary(scope, boundaries)
        facts.help_pairs, facts.two_way_pairs, facts.peer_ties = pairs.help_pairs, pairs.two_way_pairs, pairs.peer_ties
        facts.new_ties_by_month = [
            (month_label(b, community.timezone), pairs.new_ties_by_bucket.get(i, 0)) for i, b in enumerate(boundaries)
        ]
    if with_groups:
        facts.largest_group = largest_group_size(scope)
    facts.balance_spread_hours, facts.ledger_accounts = ledger_balance_spread(community)
    return facts


def largest_group_size(scope: queries.Scope) -> int:
    """Size of the largest connected group of citizens linked by shared activities (an isolated
    participant is a group of one). Union–find over star edges, streamed, so memory stays at one entry
    per member."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while (up := parent.get(root, root)) != root:
            root = up
        while (up := parent.get(x, x)) != root:
            parent[x] = root
            x = up
        return root

    for x, y in queries.peer_star_edges(scope):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    if not parent:
        return 0
    # Every key of `parent` was merged into a root; roots themselves are never keys, so add one each.
    sizes: dict[int, int] = {}
    for x in list(parent):
        r = find(x)
        sizes[r] = sizes.get(r, 1) + 1
    return max(sizes.values())


def ledger_balance_spread(community: Community) -> tuple[float | None, int]:
    """Standard deviation of member account balances, in hours; (None, 0) until the ledger exists."""
    try:
        account_model = apps.get_model("ledger", "Account")
        with transaction.atomic():  # a savepoint, so a missing table cannot poison the caller's transaction
            balances = list(
                account_model.objects.filter(community=community, membership__isnull=False).values_list(
                    "balance", flat=True
                )
            )
    except (LookupError, FieldError, DatabaseError):
        # The ledger is not installed or not migrated yet: no figure rather than a broken page.
        return None, 0
    if len(balances) < 2:
        return None, len(balances)
    mean = sum(balances) / len(balances)
    variance = sum((b - mean) ** 2 for b in balances) / len(balances)
    return round(math.sqrt(variance) / 60, 2), len(balances)


def _kind_share(minutes: dict[str, int]) -> tuple[int, int, float | None]:
    citizen = minutes.get(queries.CITIZEN, 0)
    total = sum(minutes.values())
    return citizen, total, share(citizen, total)


def _balanced_score(value: float | None) -> float | None:
    """Closer to an even split between citizens and professionals scores higher (50 % → 100, 0 or 100 % → 0)."""
    return None if value is None else round(100 - 2 * abs(value - 50), 1)


def indicators_from_facts(facts: Facts) -> dict[str, list[Indicator]]:
    """The indicators per principle (keys are `Principle` codes, every principle present)."""
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

    cit, total, v = _kind_share(facts.delivery_minutes)
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
    cit, total, v = _kind_share(facts.planning_minutes)
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


def grid_from_facts(facts: Facts) -> GridPosition:
    _c, _t, planning = _kind_share(facts.planning_minutes)
    _c, _t, delivery = _kind_share(facts.delivery_minutes)
    p_level = grid_level(planning, planning=True)
    d_level = grid_level(delivery, planning=False)
    cell = f"{p_level}_{d_level}" if p_level and d_level else None
    return GridPosition(
        planning_share=planning,
        delivery_share=delivery,
        planning_level=p_level,
        delivery_level=d_level,
        cell=cell,
        planning_minutes=dict(facts.planning_minutes),
        delivery_minutes=dict(facts.delivery_minutes),
    )
