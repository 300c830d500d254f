"""Set-based aggregations over contributions, activities and memberships.

Every figure in insights is derived from the few grouped queries here, so a community with millions of
contributions is summarised by the database and only per-member or per-month rows reach Python. The
queries are plain SQL that runs on SQLite and PostgreSQL alike; table names come from the models and
every value is a parameter.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection

from coproduce.communities.models import Membership
from coproduce.coproduction.domain import ContributionRole, Phase
from coproduce.coproduction.models import Activity, Contribution

A = Activity._meta.db_table
C = Contribution._meta.db_table
M = Membership._meta.db_table

CITIZEN = Membership.Kind.CITIZEN.value
PROFESSIONAL = Membership.Kind.PROFESSIONAL.value
GAVE = ContributionRole.GAVE.value
RECEIVED = ContributionRole.RECEIVED.value
TOOK_PART = ContributionRole.TOOK_PART.value
FACILITATED = ContributionRole.FACILITATED.value
DECIDED = ContributionRole.DECIDED.value
COMMISSION = Phase.COMMISSION.value
DESIGN = Phase.DESIGN.value
DELIVER = Phase.DELIVER.value


def _db_datetime(value: dt.datetime):
    """A datetime as the backend stores it, so raw comparisons match the ORM's."""
    return connection.ops.adapt_datetimefield_value(value)


@dataclass(frozen=True)
class Scope:
    """Which activities count: one community, optionally one service, occurring before `end`.
    Queries that look at history (first times, first ties) read from the beginning; figures for the
    period additionally require `occurred_at >= start`."""

    community_id: int
    service_id: int | None
    start: dt.datetime
    end: dt.datetime

    def where(self, alias: str = "a", *, history: bool = False) -> tuple[str, list]:
        sql = f"{alias}.community_id = %s AND {alias}.occurred_at < %s"
        params: list = [self.community_id, _db_datetime(self.end)]
        if not history:
            sql += f" AND {alias}.occurred_at >= %s"
            params.append(_db_datetime(self.start))
        if self.service_id is not None:
            sql += f" AND {alias}.service_id = %s"
            params.append(self.service_id)
        return sql, params


@dataclass
class MemberRow:
    """What one member did. `started_receiving`: their first receipt came before any giving, facilitating
    or deciding, and they had not moved on before the period; `moved_to_giving`: of those, the first
    giving, facilitating or deciding fell within the period. Both look at all history before `end`; the
    other fields count the period only."""

    membership_id: int
    kind: str
    status: str
    started_receiving: int
    moved_to_giving: int
    contributions: int
    gave: int
    received: int
    minutes_contributed: int
    minutes_given: int
    minutes_received: int
    planning_minutes: int
    delivery_minutes: int
    facilitating_minutes: int
    doing_minutes: int


def member_rows(scope: Scope) -> Iterator[MemberRow]:
    """One grouped pass over the contributions of the scope (history up to `end`): a row per member.

    "Active" roles for first times are gave, facilitated and decided (taking part is not a step up);
    planning = commission + design phases, delivery = deliver phase, both counting only contributions
    that are not "received"; "doing" minutes are gave, or took part in the deliver phase.
    """
    where, params = scope.where(history=True)
    start = _db_datetime(scope.start)
    p = "a.occurred_at >= %s"
    first_received = f"MIN(CASE WHEN c.role = '{RECEIVED}' THEN a.occurred_at END)"
    first_active = f"MIN(CASE WHEN c.role IN ('{GAVE}', '{FACILITATED}', '{DECIDED}') THEN a.occurred_at END)"
    sql = f"""
        SELECT c.membership_id, m.kind, m.status,
          CASE WHEN {first_received} IS NOT NULL AND ({first_active} IS NULL OR {first_received} < {first_active})
            AND ({first_active} IS NULL OR {first_active} >= %s) THEN 1 ELSE 0 END,
          CASE WHEN {first_received} IS NOT NULL AND {first_received} < {first_active}
            AND {first_active} >= %s THEN 1 ELSE 0 END,
          SUM(CASE WHEN {p} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role = '{GAVE}' THEN 1 ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role = '{RECEIVED}' THEN 1 ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role <> '{RECEIVED}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role = '{GAVE}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role = '{RECEIVED}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role <> '{RECEIVED}' AND a.phase IN ('{COMMISSION}', '{DESIGN}')
              THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role <> '{RECEIVED}' AND a.phase = '{DELIVER}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN {p} AND c.role = '{FACILITATED}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN {p} AND (c.role = '{GAVE}' OR (c.role = '{TOOK_PART}' AND a.phase = '{DELIVER}'))
              THEN c.minutes ELSE 0 END)
        FROM {C} c
        JOIN {A} a ON a.id = c.activity_id
        JOIN {M} m ON m.id = c.membership_id
        WHERE {where}
        GROUP BY c.membership_id, m.kind, m.status
    """  # noqa: S608 - constants and table names only; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [start] * 12 + params)
        while batch := cursor.fetchmany(5000):
            for row in batch:
                yield MemberRow(row[0], row[1], row[2], *(int(v or 0) for v in row[3:]))


def mixed_crews(scope: Scope) -> tuple[int, int]:
    """(deliver-phase activities, those with at least one citizen and one professional contributing in
    a role other than "received")."""
    where, params = scope.where()
    sql = f"""
        SELECT COUNT(*), COALESCE(SUM(CASE WHEN x.cit > 0 AND x.pro > 0 THEN 1 ELSE 0 END), 0) FROM (
          SELECT c.activity_id,
            SUM(CASE WHEN m.kind = '{CITIZEN}' AND c.role <> '{RECEIVED}' THEN 1 ELSE 0 END) AS cit,
            SUM(CASE WHEN m.kind = '{PROFESSIONAL}' AND c.role <> '{RECEIVED}' THEN 1 ELSE 0 END) AS pro
          FROM {C} c
          JOIN {A} a ON a.id = c.activity_id
          JOIN {M} m ON m.id = c.membership_id
          WHERE {where} AND a.phase = '{DELIVER}'
          GROUP BY c.activity_id
        ) x
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, mixed = cursor.fetchone()
    return int(total or 0), int(mixed or 0)


@dataclass
class PairSummary:
    """Pairs of members who met in activities.

    help_pairs: unordered pairs where, within the period, one gave and the other received in the same
    activity; two_way_pairs: those where it happened in both directions. peer_ties: unordered pairs of
    citizens who took part in the same activity within the period (a tie that does not pass through a
    professional). new_ties_by_bucket: peer ties whose first shared activity ever falls in each month
    bucket of the period.
    """

    help_pairs: int = 0
    two_way_pairs: int = 0
    peer_ties: int = 0
    new_ties_by_bucket: dict[int, int] = field(default_factory=dict)


def _bucket_case(column: str, boundaries: list[dt.datetime]) -> tuple[str, list]:
    """CASE expression numbering the month a timestamp falls in (boundaries are month starts computed in
    the community's time zone, so no per-row time-zone conversion is needed); -1 before the first."""
    parts, params = [], []
    for i, boundary in enumerate(boundaries[1:]):
        parts.append(f"WHEN {column} < %s THEN {i}")
        params.append(_db_datetime(boundary))
    first = _db_datetime(boundaries[0])
    sql = f"CASE WHEN {column} IS NULL OR {column} < %s THEN -1 {' '.join(parts)} ELSE {len(boundaries) - 1} END"
    return sql, [first, *params]


def pair_summary(scope: Scope, month_starts: list[dt.datetime]) -> PairSummary:
    """Pairs are aggregated inside the database (one self-join of contributions on the activity), then
    counted per month bucket of their first meeting; only a handful of rows come back."""
    where, params = scope.where(history=True)
    start = _db_datetime(scope.start)
    bucket_sql, bucket_params = _bucket_case("p.first_at", month_starts)
    sql = f"""
        SELECT {bucket_sql} AS bucket,
          SUM(CASE WHEN p.ab = 1 OR p.ba = 1 THEN 1 ELSE 0 END),
          SUM(CASE WHEN p.ab = 1 AND p.ba = 1 THEN 1 ELSE 0 END),
          SUM(CASE WHEN p.peer = 1 AND p.in_period = 1 THEN 1 ELSE 0 END),
          SUM(CASE WHEN p.peer = 1 THEN 1 ELSE 0 END)
        FROM (
          SELECT c1.membership_id AS x, c2.membership_id AS y,
            MIN(CASE WHEN m1.kind = '{CITIZEN}' AND m2.kind = '{CITIZEN}' THEN a.occurred_at END) AS first_at,
            MAX(CASE WHEN m1.kind = '{CITIZEN}' AND m2.kind = '{CITIZEN}' THEN 1 ELSE 0 END) AS peer,
            MAX(CASE WHEN a.occurred_at >= %s THEN 1 ELSE 0 END) AS in_period,
            MAX(CASE WHEN a.occurred_at >= %s AND c1.role = '{GAVE}' AND c2.role = '{RECEIVED}'
                THEN 1 ELSE 0 END) AS ab,
            MAX(CASE WHEN a.occurred_at >= %s AND c2.role = '{GAVE}' AND c1.role = '{RECEIVED}'
                THEN 1 ELSE 0 END) AS ba
          FROM {C} c1
          JOIN {C} c2 ON c2.activity_id = c1.activity_id AND c2.membership_id > c1.membership_id
          JOIN {A} a ON a.id = c1.activity_id
          JOIN {M} m1 ON m1.id = c1.membership_id
          JOIN {M} m2 ON m2.id = c2.membership_id
          WHERE {where}
          GROUP BY c1.membership_id, c2.membership_id
        ) p
        WHERE p.in_period = 1 OR p.first_at >= %s
        GROUP BY 1
    """  # noqa: S608
    summary = PairSummary()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bucket_params, start, start, start, *params, start])
        for bucket, help_pairs, two_way, peer_ties, peer_any in cursor.fetchall():
            summary.help_pairs += int(help_pairs or 0)
            summary.two_way_pairs += int(two_way or 0)
            summary.peer_ties += int(peer_ties or 0)
            if bucket is not None and int(bucket) >= 0:
                summary.new_ties_by_bucket[int(bucket)] = summary.new_ties_by_bucket.get(int(bucket), 0) + int(
                    peer_any or 0
                )
    return summary


def peer_star_edges(scope: Scope) -> Iterator[tuple[int, int]]:
    """Edges enough to find connected groups of citizens: within each activity of the period, every
    citizen is linked to the citizen with the lowest id. A star per activity connects exactly what the
    full set of pairs connects, with far fewer edges."""
    where, params = scope.where()
    sql = f"""
        WITH cc AS (
          SELECT c.activity_id, c.membership_id FROM {C} c
          JOIN {A} a ON a.id = c.activity_id
          JOIN {M} m ON m.id = c.membership_id
          WHERE {where} AND m.kind = '{CITIZEN}'
        ), hub AS (
          SELECT activity_id, MIN(membership_id) AS root FROM cc GROUP BY activity_id
        )
        SELECT DISTINCT cc.membership_id, hub.root FROM cc JOIN hub ON hub.activity_id = cc.activity_id
        WHERE cc.membership_id <> hub.root
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(10000):
            yield from batch
