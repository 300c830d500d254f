"""Set-based aggregations over contributions, activities and memberships.

Every figure in insights is derived from the few grouped queries here, so a community with millions of
contributions is summarised by the database and only per-member or per-month rows reach Python. The
queries are plain SQL that runs on SQLite and PostgreSQL alike; table names come from the models and
every value is a parameter.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

from coproduce.communities.models import Membership
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
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
ASSESS = Phase.ASSESS.value
EXCHANGE = ActivityKind.EXCHANGE.value


def _contributions_joined(*, members: bool = True) -> tuple[str, str]:
    """FROM clause of contributions with their activity (and membership), and the join conditions.

    SQLite only does nested loops and, left to itself, walks the activities' time index and looks each
    contribution up by activity, which is several times slower than reading contributions in table order
    and looking activities up by primary key; CROSS JOIN fixes that order there. PostgreSQL plans the
    joins itself (hash joins).
    """
    if connection.vendor == "sqlite":
        tables = f"{C} c CROSS JOIN {A} a" + (f" CROSS JOIN {M} m" if members else "")
        return tables, "a.id = c.activity_id" + (" AND m.id = c.membership_id" if members else "")
    tables = f"{C} c JOIN {A} a ON a.id = c.activity_id" + (f" JOIN {M} m ON m.id = c.membership_id" if members else "")
    return tables, "TRUE"


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
    facilitating_minutes: int
    doing_minutes: int


def member_rows(scope: Scope) -> Iterator[MemberRow]:
    """One grouped pass over the contributions of the scope (history up to `end`): a row per member.

    "Active" roles for first times are gave, facilitated and decided (taking part is not a step up);
    contributed minutes are those in any role but "received"; "doing" minutes are gave, or took part in
    the deliver phase.
    """
    where, params = scope.where(history=True)
    tables, joins = _contributions_joined()
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
          SUM(CASE WHEN {p} AND c.role = '{FACILITATED}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN {p} AND (c.role = '{GAVE}' OR (c.role = '{TOOK_PART}' AND a.phase = '{DELIVER}'))
              THEN c.minutes ELSE 0 END)
        FROM {tables}
        WHERE {joins} AND {where}
        GROUP BY c.membership_id, m.kind, m.status
    """  # noqa: S608 - constants and table names only; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [start] * 8 + params)
        while batch := cursor.fetchmany(5000):
            for row in batch:
                yield MemberRow(row[0], row[1], row[2], *(int(v or 0) for v in row[3:]))


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


@dataclass
class ActivityRollupRow:
    """Activities of one month bucket, kind, phase, ladder step and (for exchanges) category, with the
    minutes given and received in them and the minutes citizens and professionals contributed (any role
    but "received")."""

    bucket: int
    kind: str
    phase: str
    ladder_step: int | None
    category: str
    activities: int = 0
    minutes_given: int = 0
    minutes_received: int = 0
    citizen_minutes: int = 0
    professional_minutes: int = 0


def activity_rollup(scope: Scope, month_starts: list[dt.datetime]) -> list[ActivityRollupRow]:
    """Two grouped passes (activities alone, then contributions with their activity and member), merged
    per month, kind, phase, ladder step and exchange category: a few hundred rows at most."""
    where, params = scope.where()
    tables, joins = _contributions_joined()
    rows: dict[tuple, ActivityRollupRow] = {}
    category = f"CASE WHEN a.kind = '{EXCHANGE}' THEN a.category ELSE '' END"
    bucket_sql, bucket_params = _bucket_case("a.occurred_at", month_starts)
    # An activity nobody took part in (an exchange corrected to "it did not happen") is not counted.
    counts_sql = f"""
        SELECT {bucket_sql}, a.kind, a.phase, a.ladder_step, {category}, COUNT(*)
        FROM {A} a WHERE {where} AND EXISTS (SELECT 1 FROM {C} c WHERE c.activity_id = a.id)
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608
    minutes_sql = f"""
        SELECT {bucket_sql}, a.kind, a.phase, a.ladder_step, {category},
          SUM(CASE WHEN c.role = '{GAVE}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN c.role = '{RECEIVED}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN c.role <> '{RECEIVED}' AND m.kind = '{CITIZEN}' THEN c.minutes ELSE 0 END),
          SUM(CASE WHEN c.role <> '{RECEIVED}' AND m.kind = '{PROFESSIONAL}' THEN c.minutes ELSE 0 END)
        FROM {tables}
        WHERE {joins} AND {where}
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(counts_sql, [*bucket_params, *params])
        for bucket, kind, phase, step, cat, n in cursor.fetchall():
            key = (int(bucket), kind, phase, step, cat or "")
            rows[key] = ActivityRollupRow(*key, activities=int(n))
        cursor.execute(minutes_sql, [*bucket_params, *params])
        for bucket, kind, phase, step, cat, given, received, cit, pro in cursor.fetchall():
            key = (int(bucket), kind, phase, step, cat or "")
            row = rows.setdefault(key, ActivityRollupRow(*key))
            row.minutes_given, row.minutes_received = int(given or 0), int(received or 0)
            row.citizen_minutes, row.professional_minutes = int(cit or 0), int(pro or 0)
    return list(rows.values())


def mixed_crews(scope: Scope) -> int:
    """Deliver-phase activities where at least one professional and at least one citizen contributed in a
    role other than "received". Driven from the (few) professional contributions."""
    where, params = scope.where()
    sql = f"""
        SELECT COUNT(DISTINCT c.activity_id)
        FROM {C} c
        JOIN {M} m ON m.id = c.membership_id
        JOIN {A} a ON a.id = c.activity_id
        WHERE {where} AND a.phase = '{DELIVER}' AND c.role <> '{RECEIVED}' AND m.kind = '{PROFESSIONAL}'
          AND EXISTS (
            SELECT 1 FROM {C} c2 JOIN {M} m2 ON m2.id = c2.membership_id
            WHERE c2.activity_id = c.activity_id AND c2.role <> '{RECEIVED}' AND m2.kind = '{CITIZEN}'
          )
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0] or 0)


def grid_minutes(scope: Scope) -> dict[tuple[str, str], int]:
    """{(phase, membership kind): minutes} contributed in a role other than "received" in the period."""
    where, params = scope.where()
    tables, joins = _contributions_joined()
    sql = f"""
        SELECT a.phase, m.kind, SUM(c.minutes)
        FROM {tables}
        WHERE {joins} AND {where} AND c.role <> '{RECEIVED}'
        GROUP BY a.phase, m.kind
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(phase, kind): int(minutes or 0) for phase, kind, minutes in cursor.fetchall()}


def help_pairs(scope: Scope) -> tuple[int, int]:
    """(pairs, two-way pairs): unordered pairs of members where, in the same activity of the period, one
    gave and the other received; two-way when it happened in both directions (in any activities)."""
    where, params = scope.where()
    low = "CASE WHEN g.membership_id < r.membership_id THEN g.membership_id ELSE r.membership_id END"
    high = "CASE WHEN g.membership_id < r.membership_id THEN r.membership_id ELSE g.membership_id END"
    sql = f"""
        SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.fwd = 1 AND p.back = 1 THEN 1 ELSE 0 END), 0) FROM (
          SELECT {low} AS x, {high} AS y,
            MAX(CASE WHEN g.membership_id < r.membership_id THEN 1 ELSE 0 END) AS fwd,
            MAX(CASE WHEN g.membership_id > r.membership_id THEN 1 ELSE 0 END) AS back
          FROM {C} g
          JOIN {C} r ON r.activity_id = g.activity_id AND r.role = '{RECEIVED}' AND r.membership_id <> g.membership_id
          JOIN {A} a ON a.id = g.activity_id
          WHERE {where} AND g.role = '{GAVE}'
          GROUP BY 1, 2
        ) p
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pairs, two_way = cursor.fetchone()
    return int(pairs or 0), int(two_way or 0)


def peer_ties(scope: Scope, month_starts: list[dt.datetime]) -> tuple[int, dict[int, int]]:
    """(ties, new ties per month bucket). A tie is an unordered pair of citizens who took part in the
    same activity within the period (it does not pass through a professional); it is new in the month
    of the first activity they ever shared."""
    where, params = scope.where(history=True)
    tables, joins = _contributions_joined()
    start = _db_datetime(scope.start)
    bucket_sql, bucket_params = _bucket_case("p.first_at", month_starts)
    sql = f"""
        WITH cc AS (
          SELECT c.activity_id, c.membership_id, a.occurred_at
          FROM {tables}
          WHERE {joins} AND {where} AND m.kind = '{CITIZEN}'
        )
        SELECT {bucket_sql}, COUNT(*) FROM (
          SELECT c1.membership_id AS x, c2.membership_id AS y, MIN(c1.occurred_at) AS first_at,
            MAX(c1.occurred_at) AS last_at
          FROM cc c1 JOIN cc c2 ON c2.activity_id = c1.activity_id AND c2.membership_id > c1.membership_id
          GROUP BY 1, 2
        ) p
        WHERE p.last_at >= %s
        GROUP BY 1
    """  # noqa: S608
    ties = 0
    new: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *bucket_params, start])
        for bucket, n in cursor.fetchall():
            ties += int(n)
            if int(bucket) >= 0:
                new[int(bucket)] = new.get(int(bucket), 0) + int(n)
    return ties, new


def citizens_by_activity(scope: Scope) -> Iterator[tuple[int, int]]:
    """(activity, citizen) for every citizen contribution in the period, ordered by activity, streamed:
    enough to find connected groups without forming pairs."""
    where, params = scope.where()
    tables, joins = _contributions_joined()
    sql = f"""
        SELECT c.activity_id, c.membership_id
        FROM {tables}
        WHERE {joins} AND {where} AND m.kind = '{CITIZEN}'
        ORDER BY c.activity_id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20000):
            yield from batch


def edges_among(scope: Scope, membership_ids: list[int]) -> list[tuple[int, int, int, int]]:
    """(x, y, times x gave to y, activities shared) for ordered pairs of the given members within the
    period: a small query for the network picture."""
    if not membership_ids:
        return []
    where, params = scope.where()
    marks = ", ".join(["%s"] * len(membership_ids))
    sql = f"""
        SELECT c1.membership_id, c2.membership_id,
          SUM(CASE WHEN c1.role = '{GAVE}' AND c2.role = '{RECEIVED}' THEN 1 ELSE 0 END),
          COUNT(DISTINCT c1.activity_id)
        FROM {C} c1
        JOIN {C} c2 ON c2.activity_id = c1.activity_id AND c2.membership_id <> c1.membership_id
        JOIN {A} a ON a.id = c1.activity_id
        WHERE {where} AND c1.community_id = %s AND c1.membership_id IN ({marks})
          AND c2.community_id = %s AND c2.membership_id IN ({marks})
        GROUP BY c1.membership_id, c2.membership_id
    """  # noqa: S608 - the member columns lead with the community in their index
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, scope.community_id, *membership_ids, scope.community_id, *membership_ids])
        return [(int(x), int(y), int(g or 0), int(n or 0)) for x, y, g, n in cursor.fetchall()]
