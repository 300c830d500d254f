"""The same facts as `queries`, read from rollups: a few hundred day rows, one row per member and at most one
forest edge per citizen instead of every contribution of the period.

Day rows serve any period whose bounds are local midnights. Member standings, tie and help counts and the tie
forest hold first and last times, so they answer "who was active since the start" — exact when nothing in the
scope happened at or after the period's end (an open-ended period, as every preset is).
"""

import bisect
import datetime as dt
import heapq
import zoneinfo
from collections.abc import Iterator

from django.db import connection

from coproduce.communities.models import Membership
from coproduce.coproduction.models import Activity, Contribution
from coproduce.insights import queries
from coproduce.insights.models import SCOPE_COMMUNITY, DayCount, DayFigures, MemberStanding, TieForestEdge
from coproduce.insights.rollups import HELP_DIRECTED, HELP_PAIR, TIE_FIRST, TIE_LAST

ACTIVE = Membership.Status.ACTIVE.value


def scope_key(scope: queries.Scope) -> int:
    return SCOPE_COMMUNITY if scope.service_id is None else scope.service_id


def local_day(value: dt.datetime, tzname: str) -> dt.date:
    return value.astimezone(zoneinfo.ZoneInfo(tzname)).date()


def is_local_midnight(value: dt.datetime, tzname: str) -> bool:
    local = value.astimezone(zoneinfo.ZoneInfo(tzname))
    return local.time() == dt.time.min


def is_open_ended(scope: queries.Scope) -> bool:
    """Nothing in the scope happened at or after the period's end."""
    later = Activity.objects.filter(community_id=scope.community_id, occurred_at__gte=scope.end)
    if scope.service_id is not None:
        later = later.filter(service_id=scope.service_id)
    return not later.exists()


def _date(value: dt.date):
    return value.isoformat() if connection.vendor == "sqlite" else value


def day_figures(scope: queries.Scope, tzname: str, month_starts: list[dt.datetime]) -> list[tuple]:
    """(bucket, kind, phase, ladder step or None, category, *DayFigures minute columns) per month bucket."""
    first, last = local_day(scope.start, tzname), local_day(scope.end, tzname)
    bounds = [local_day(b, tzname) for b in month_starts[1:]]
    table = DayFigures._meta.db_table
    sql = f"""
        SELECT day, kind, phase, ladder_step, category, SUM(activities), SUM(mixed_crews), SUM(minutes_given),
          SUM(minutes_received), SUM(citizen_minutes), SUM(professional_minutes), SUM(citizen_facilitating),
          SUM(professional_facilitating), SUM(citizen_doing), SUM(professional_doing)
        FROM {table}
        WHERE community_id = %s AND scope = %s AND day >= %s AND day < %s
        GROUP BY day, kind, phase, ladder_step, category
    """  # noqa: S608 - table name only; values are parameters
    merged: dict[tuple, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.community_id, scope_key(scope), _date(first), _date(last)])
        for day, kind, phase, step, category, *values in cursor.fetchall():
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            key = (bisect.bisect_right(bounds, day), kind, phase, step or None, category or "")
            totals = merged.setdefault(key, [0] * len(values))
            for i, value in enumerate(values):
                totals[i] += int(value or 0)
    return [(*key, *values) for key, values in merged.items()]


def grid_minutes(scope: queries.Scope, tzname: str) -> dict[tuple[str, str], int]:
    """{(phase, membership kind): minutes} contributed in a role other than "received" in the period."""
    first, last = local_day(scope.start, tzname), local_day(scope.end, tzname)
    sql = f"""
        SELECT phase, SUM(citizen_minutes), SUM(professional_minutes)
        FROM {DayFigures._meta.db_table}
        WHERE community_id = %s AND scope = %s AND day >= %s AND day < %s
        GROUP BY phase
    """  # noqa: S608
    result: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.community_id, scope_key(scope), _date(first), _date(last)])
        for phase, citizen, professional in cursor.fetchall():
            result[(phase, queries.CITIZEN)] = int(citizen or 0)
            result[(phase, queries.PROFESSIONAL)] = int(professional or 0)
    return result


def member_counts(scope: queries.Scope, *, service_scoped: bool) -> dict[str, int]:
    """Counts of members by what they did since the period's start (open-ended periods), and the first-time
    counts, which hold for any end."""
    s, e = queries._db_datetime(scope.start), queries._db_datetime(scope.end)
    in_scope = "1 = 1" if service_scoped else f"m.status = '{ACTIVE}'"
    sql = f"""
        SELECT
          SUM(CASE WHEN r.last_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_at >= %s AND {in_scope} THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_at >= %s AND m.kind = '{queries.CITIZEN}' THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_gave_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_received_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_gave_at >= %s AND r.last_received_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_gave_at >= %s OR r.last_received_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_gave_at >= %s AND {in_scope} THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_contributed_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.first_received_at < %s
                    AND (r.first_active_at IS NULL OR r.first_active_at >= %s OR r.first_received_at < r.first_active_at)
                    AND (r.first_active_at IS NULL OR r.first_active_at >= %s) THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.first_received_at < %s AND r.first_active_at < %s
                    AND r.first_received_at < r.first_active_at AND r.first_active_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN r.last_at >= %s AND r.first_at < %s THEN 1 ELSE 0 END)
        FROM {MemberStanding._meta.db_table} r
        JOIN {Membership._meta.db_table} m ON m.id = r.membership_id
        WHERE r.community_id = %s AND r.scope = %s
    """  # noqa: S608 - constants and table names only; values are parameters
    params = [s, s, s, s, s, s, s, s, s, s, s, e, e, s, e, e, s, s, s, scope.community_id, scope_key(scope)]
    names = (
        "participants",
        "participants_in_scope",
        "citizens_participating",
        "givers",
        "receivers",
        "gave_and_received",
        "gave_or_received",
        "givers_in_scope",
        "contributing_members",
        "started_receiving",
        "moved_to_giving",
        "older_participants",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name: int(value or 0) for name, value in zip(names, row, strict=True)}


def members_with_asset(scope: queries.Scope) -> int:
    """Members active in the scope since the period's start who have recorded an asset."""
    from coproduce.communities.models import Asset

    sql = f"""
        SELECT COUNT(*) FROM {MemberStanding._meta.db_table} r
        WHERE r.community_id = %s AND r.scope = %s AND r.last_at >= %s
          AND EXISTS (SELECT 1 FROM {Asset._meta.db_table} x WHERE x.membership_id = r.membership_id)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.community_id, scope_key(scope), queries._db_datetime(scope.start)])
        return int(cursor.fetchone()[0] or 0)


def member_totals(scope: queries.Scope, *, older: bool) -> Iterator[tuple[int, int, int]]:
    """(member, contributions, minutes contributed) in the period for every member active in it. A member whose
    first contribution came on or after the start did everything in the period, so their totals are the
    period's; members active before it (`older`) are summed from their contributions in the period."""
    s = queries._db_datetime(scope.start)
    table = MemberStanding._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT membership_id, contributions, minutes_contributed FROM {table} "  # noqa: S608
            "WHERE community_id = %s AND scope = %s AND first_at >= %s",
            [scope.community_id, scope_key(scope), s],
        )
        while rows := cursor.fetchmany(10_000):
            for member, n, minutes in rows:
                yield member, int(n), int(minutes)
        if not older:
            return
        where, params = scope.where()
        sql = f"""
            SELECT c.membership_id, COUNT(*),
              SUM(CASE WHEN c.role <> '{queries.RECEIVED}' THEN c.minutes ELSE 0 END)
            FROM {Contribution._meta.db_table} c JOIN {Activity._meta.db_table} a ON a.id = c.activity_id
            WHERE {where} AND c.community_id = %s AND c.membership_id IN (
              SELECT r.membership_id FROM {table} r
              WHERE r.community_id = %s AND r.scope = %s AND r.first_at < %s AND r.last_at >= %s
            )
            GROUP BY c.membership_id
        """  # noqa: S608
        cursor.execute(sql, [*params, scope.community_id, scope.community_id, scope_key(scope), s, s])
        for member, n, minutes in cursor.fetchall():
            yield int(member), int(n), int(minutes or 0)


def fold_member_totals(facts, scope: queries.Scope, *, older: bool, picture_size: int) -> None:
    """Top tenth of contributed minutes and the busiest members, as the record's fold computes them."""
    import math

    minutes_per_member: list[int] = []
    busiest: list[tuple[int, int, int]] = []
    for member, n, minutes in member_totals(scope, older=older):
        if n <= 0:
            continue
        if minutes > 0:
            minutes_per_member.append(minutes)
        entry = (n, minutes, member)
        if len(busiest) < picture_size:
            heapq.heappush(busiest, entry)
        elif entry > busiest[0]:
            heapq.heapreplace(busiest, entry)
    facts.busiest_members = [m for _n, _minutes, m in sorted(busiest, reverse=True)]
    facts.contributing_members = len(minutes_per_member)
    facts.total_contributed_minutes = sum(minutes_per_member)
    if minutes_per_member:
        facts.top_decile_minutes = sum(heapq.nlargest(math.ceil(len(minutes_per_member) / 10), minutes_per_member))


def day_count_since(scope: queries.Scope, tzname: str, measure: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(n) FROM {DayCount._meta.db_table} "  # noqa: S608
            "WHERE community_id = %s AND scope = %s AND measure = %s AND day >= %s",
            [scope.community_id, scope_key(scope), measure, _date(local_day(scope.start, tzname))],
        )
        return int(cursor.fetchone()[0] or 0)


def help_pairs(scope: queries.Scope, tzname: str) -> tuple[int, int]:
    """(pairs, two-way pairs): each two-way pair is counted once as a pair and twice as directed help."""
    pairs = day_count_since(scope, tzname, HELP_PAIR)
    directed = day_count_since(scope, tzname, HELP_DIRECTED)
    return pairs, directed - pairs


def peer_ties(scope: queries.Scope, tzname: str, month_starts: list[dt.datetime]) -> tuple[int, dict[int, int]]:
    ties = day_count_since(scope, tzname, TIE_LAST)
    bounds = [local_day(b, tzname) for b in month_starts[1:]]
    new: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, n FROM {DayCount._meta.db_table} "  # noqa: S608
            "WHERE community_id = %s AND scope = %s AND measure = %s AND day >= %s AND n <> 0",
            [scope.community_id, scope_key(scope), TIE_FIRST, _date(local_day(scope.start, tzname))],
        )
        for day, n in cursor.fetchall():
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            bucket = bisect.bisect_right(bounds, day)
            new[bucket] = new.get(bucket, 0) + int(n)
    return ties, {b: n for b, n in new.items() if n}


def largest_group_size(scope: queries.Scope) -> int:
    """Union–find over the forest's edges active since the start: the same groups as all ties active since
    then (see `TieForestEdge`)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while (up := parent.get(root, root)) != root:
            root = up
        while (up := parent.get(x, x)) != root:
            parent[x] = root
            x = up
        return root

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT low, high FROM {TieForestEdge._meta.db_table} "  # noqa: S608
            "WHERE community_id = %s AND scope = %s AND last_at >= %s",
            [scope.community_id, scope_key(scope), queries._db_datetime(scope.start)],
        )
        while rows := cursor.fetchmany(20_000):
            for low, high in rows:
                parent.setdefault(low, low)
                parent.setdefault(high, high)
                a, b = find(low), find(high)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    sizes: dict[int, int] = {}
    for x in parent:
        r = find(x)
        sizes[r] = sizes.get(r, 0) + 1
    return max(sizes.values(), default=0)

