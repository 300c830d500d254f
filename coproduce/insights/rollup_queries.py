"""The same facts as `queries`, read from rollups: a few hundred day rows, one row per member and at most one
forest edge per citizen instead of every contribution of the period.

Day rows serve any period whose bounds are local midnights. Member standings, tie and help counts and the tie
forest hold first and last times, so they answer "who was active since the start" — exact when nothing in the
scope happened at or after the period's end (an open-ended period, as every preset is).
"""

import bisect
import datetime as dt
import math
import zoneinfo

from django.db import connection

from coproduce.communities.models import Asset, Membership
from coproduce.coproduction.models import Activity, Contribution
from coproduce.insights import queries
from coproduce.insights.models import SCOPE_COMMUNITY, DayCount, DayFigures, MemberStanding
from coproduce.insights.rollups import GROUP_SINCE, HELP_DIRECTED, HELP_PAIR, TIE_FIRST, TIE_LAST

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
    counts, which hold for any end. Members who are no longer active are few: they are counted apart and
    taken off the "in scope" counts of a whole community."""
    s, e = queries._db_datetime(scope.start), queries._db_datetime(scope.end)
    table = MemberStanding._meta.db_table
    sql = f"""
        SELECT
          SUM(CASE WHEN last_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN last_at >= %s AND kind = '{queries.CITIZEN}' THEN 1 ELSE 0 END),
          SUM(CASE WHEN last_gave_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN last_received_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN last_gave_at >= %s AND last_received_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN last_gave_at >= %s OR last_received_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN last_contributed_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN first_received_at < %s
                    AND (first_active_at IS NULL OR first_active_at >= %s OR first_received_at < first_active_at)
                    AND (first_active_at IS NULL OR first_active_at >= %s) THEN 1 ELSE 0 END),
          SUM(CASE WHEN first_received_at < %s AND first_active_at < %s
                    AND first_received_at < first_active_at AND first_active_at >= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN last_at >= %s AND first_at < %s THEN 1 ELSE 0 END)
        FROM {table}
        WHERE community_id = %s AND scope = %s
    """  # noqa: S608 - constants and table names only; values are parameters
    params = [s, s, s, s, s, s, s, s, s, e, e, s, e, e, s, s, s, scope.community_id, scope_key(scope)]
    names = (
        "participants",
        "citizens_participating",
        "givers",
        "receivers",
        "gave_and_received",
        "gave_or_received",
        "contributing_members",
        "started_receiving",
        "moved_to_giving",
        "older_participants",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = {name: int(value or 0) for name, value in zip(names, cursor.fetchone(), strict=True)}
        counts["participants_in_scope"], counts["givers_in_scope"] = counts["participants"], counts["givers"]
        if not service_scoped:
            cursor.execute(
                f"""
                SELECT COUNT(*), SUM(CASE WHEN r.last_gave_at >= %s THEN 1 ELSE 0 END)
                FROM {Membership._meta.db_table} m
                JOIN {table} r ON r.community_id = m.community_id AND r.scope = %s AND r.membership_id = m.id
                WHERE m.community_id = %s AND m.status <> %s AND r.last_at >= %s
                """,  # noqa: S608
                [s, scope_key(scope), scope.community_id, ACTIVE, s],
            )
            gone, gone_givers = cursor.fetchone()
            counts["participants_in_scope"] -= int(gone or 0)
            counts["givers_in_scope"] -= int(gone_givers or 0)
    return counts


def members_with_asset(scope: queries.Scope) -> int:
    """Members active in the scope since the period's start who have recorded an asset."""
    sql = f"""
        SELECT COUNT(*) FROM {MemberStanding._meta.db_table} r
        WHERE r.community_id = %s AND r.scope = %s AND r.last_at >= %s
          AND EXISTS (SELECT 1 FROM {Asset._meta.db_table} x WHERE x.membership_id = r.membership_id)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.community_id, scope_key(scope), queries._db_datetime(scope.start)])
        return int(cursor.fetchone()[0] or 0)


def _activities_before_and_within(scope: queries.Scope, tzname: str) -> tuple[int, int]:
    first, last = local_day(scope.start, tzname), local_day(scope.end, tzname)
    sql = f"""
        SELECT SUM(CASE WHEN day < %s THEN activities ELSE 0 END),
               SUM(CASE WHEN day >= %s AND day < %s THEN activities ELSE 0 END)
        FROM {DayFigures._meta.db_table} WHERE community_id = %s AND scope = %s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [_date(first), _date(first), _date(last), scope.community_id, scope_key(scope)])
        before, within = cursor.fetchone()
    return int(before or 0), int(within or 0)


def _older_members_sums(scope: queries.Scope, *, before_start: bool) -> tuple[str, list]:
    """A subquery of (member, n, minutes) for members active both before the period and in it, summed over
    the period, or over everything before it (`before_start`). Read from the activities' time index
    outwards (SQLite would otherwise start from the members' every contribution); the unary plus keeps SQLite
    from probing the contributions' index once per activity and listed member, which took seconds."""
    a, c, table = Activity._meta.db_table, Contribution._meta.db_table, MemberStanding._meta.db_table
    s = queries._db_datetime(scope.start)
    if before_start:
        when, params = "a.community_id = %s AND a.occurred_at < %s", [scope.community_id, s]
        if scope.service_id is not None:
            when += " AND a.service_id = %s"
            params.append(scope.service_id)
    else:
        when, params = scope.where()
    tables = f"{a} a CROSS JOIN {c} c" if connection.vendor == "sqlite" else f"{a} a JOIN {c} c ON TRUE"
    sql = f"""
        SELECT c.membership_id AS member, COUNT(*) AS n,
          SUM(CASE WHEN c.role <> '{queries.RECEIVED}' THEN c.minutes ELSE 0 END) AS minutes
        FROM {tables}
        WHERE c.activity_id = a.id AND {when} AND +c.membership_id IN (
          SELECT o.membership_id FROM {table} o
          WHERE o.community_id = %s AND o.scope = %s AND o.first_at < %s AND o.last_at >= %s
        )
        GROUP BY c.membership_id
    """  # noqa: S608 - constants and table names only; values are parameters
    return sql, [*params, scope.community_id, scope_key(scope), s, s]


def _period_values(scope: queries.Scope, tzname: str, *, older: bool) -> tuple[str, list]:
    """A subquery of (member, n, minutes): contributions and minutes contributed in the period, for every
    member active in it. A member whose first contribution came on or after the start did everything in the
    period, so their totals are the period's. For members active before it too (`older`), whichever is
    smaller is read from contributions: the period itself, or the history before it, taken off their totals."""
    s = queries._db_datetime(scope.start)
    table = MemberStanding._meta.db_table
    key = [scope.community_id, scope_key(scope), s]
    columns = "r.membership_id AS member, r.contributions AS n, r.minutes_contributed AS minutes"
    if not older:
        return f"SELECT {columns} FROM {table} r WHERE r.community_id = %s AND r.scope = %s AND r.last_at >= %s", key  # noqa: S608
    before, within = _activities_before_and_within(scope, tzname)
    if within <= before:
        sums, params = _older_members_sums(scope, before_start=False)
        return (
            (f"SELECT {columns} FROM {table} r WHERE r.community_id = %s AND r.scope = %s AND r.first_at >= %s "  # noqa: S608
            f"UNION ALL {sums}"),
            [*key, *params],
        )
    sums, params = _older_members_sums(scope, before_start=True)
    return (
        f"""SELECT r.membership_id AS member, r.contributions - COALESCE(b.n, 0) AS n,
              r.minutes_contributed - COALESCE(b.minutes, 0) AS minutes
            FROM {table} r LEFT JOIN ({sums}) b ON b.member = r.membership_id
            WHERE r.community_id = %s AND r.scope = %s AND r.last_at >= %s""",  # noqa: S608
        [*params, *key],
    )


def fold_member_totals(facts, scope: queries.Scope, tzname: str, *, older: bool, picture_size: int) -> None:
    """Top tenth of contributed minutes and the busiest members, as the record's fold computes them, sorted
    and summed by the database."""
    values, params = _period_values(scope, tzname, older=older)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), SUM(minutes) FROM ({values}) v WHERE v.minutes > 0", params)  # noqa: S608
        contributing, total = cursor.fetchone()
        facts.contributing_members, facts.total_contributed_minutes = int(contributing or 0), int(total or 0)
        top = math.ceil(facts.contributing_members / 10)
        cursor.execute(
            f"SELECT SUM(t.minutes) FROM (SELECT v.minutes FROM ({values}) v WHERE v.minutes > 0 "  # noqa: S608
            "ORDER BY v.minutes DESC LIMIT %s) t",
            [*params, top],
        )
        facts.top_decile_minutes = int(cursor.fetchone()[0] or 0)
        cursor.execute(
            f"SELECT v.member FROM ({values}) v WHERE v.n > 0 "  # noqa: S608
            "ORDER BY v.n DESC, v.minutes DESC, v.member DESC LIMIT %s",
            [*params, picture_size],
        )
        facts.busiest_members = [int(member) for (member,) in cursor.fetchall()]


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


def largest_group_size(scope: queries.Scope, tzname: str) -> int:
    """The largest group linked by ties active since the start, kept per day with the tie forest."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT n FROM {DayCount._meta.db_table} "  # noqa: S608
            "WHERE community_id = %s AND scope = %s AND measure = %s AND day >= %s ORDER BY day LIMIT 1",
            [scope.community_id, scope_key(scope), GROUP_SINCE, _date(local_day(scope.start, tzname))],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0
