"""Writes of rollups: the running summaries insights read instead of every contribution (see the models).

They are built from the activity record (`rollups_rebuild`) and then kept up to date by `rollups_catch_up`,
which applies the activities recorded since: coproduction's services write a `PendingRollup` row in the
same transaction as each activity, so none is missed whatever order concurrent transactions commit in. A
change the rollups cannot follow (an activity or contribution edited or removed, a member's kind or the
community's time zone changed) marks them for rebuilding; until then figures are computed from the record.
"""

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from coproduce.communities.models import Community, Membership
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
from coproduce.coproduction.models import Activity, Contribution
from coproduce.insights.groups import DisjointSets
from coproduce.insights.models import (
    SCOPE_COMMUNITY,
    DayCount,
    DayFigures,
    HelpGiven,
    MemberStanding,
    PeerTie,
    PendingRollup,
    RollupState,
    TieForestEdge,
)

CITIZEN = Membership.Kind.CITIZEN.value
GAVE = ContributionRole.GAVE.value
RECEIVED = ContributionRole.RECEIVED.value
TOOK_PART = ContributionRole.TOOK_PART.value
FACILITATED = ContributionRole.FACILITATED.value
ACTIVE_ROLES = frozenset({GAVE, FACILITATED, ContributionRole.DECIDED.value})
DELIVER = Phase.DELIVER.value
EXCHANGE = ActivityKind.EXCHANGE.value

# DayCount measures: ties by the day they were first and last active, help by the day it last flowed in one
# direction (directed) and in either (pair).
TIE_FIRST = "tie_first"
TIE_LAST = "tie_last"
# The size of the largest group linked by ties last active on or after the day.
GROUP_SINCE = "group_since"
HELP_DIRECTED = "help_directed"
HELP_PAIR = "help_pair"

# A catch-up this large is cheaper as a rebuild.
REBUILD_ABOVE = 20_000
CHUNK = 500

# Indexes into the per-day figures list, in DayFigures column order.
FIGURE_COLUMNS = (
    "activities",
    "mixed_crews",
    "minutes_given",
    "minutes_received",
    "citizen_minutes",
    "professional_minutes",
    "citizen_facilitating",
    "professional_facilitating",
    "citizen_doing",
    "professional_doing",
)
(ACTIVITIES, MIXED, GIVEN, RECEIVED_MIN, CIT, PRO, CIT_FAC, PRO_FAC, CIT_DOING, PRO_DOING) = range(len(FIGURE_COLUMNS))

# Indexes into a member's standing list.
(KIND, FIRST_AT, LAST_AT, LAST_GAVE, LAST_RECEIVED, LAST_CONTRIBUTED, FIRST_RECEIVED, FIRST_ACTIVE, COUNT, MINUTES) = range(
    10
)
STANDING_COLUMNS = (
    "kind",
    "first_at",
    "last_at",
    "last_gave_at",
    "last_received_at",
    "last_contributed_at",
    "first_received_at",
    "first_active_at",
    "contributions",
    "minutes_contributed",
)


def _earliest(a, b):
    return b if a is None or (b is not None and b < a) else a


def _latest(a, b):
    return b if a is None or (b is not None and b > a) else a


@dataclass
class Batch:
    """What a set of activities adds to the rollups of one community, keyed by scope."""

    tz: zoneinfo.ZoneInfo
    figures: dict[tuple, list[int]] = field(default_factory=dict)
    members: dict[tuple[int, int], list] = field(default_factory=dict)
    ties: dict[tuple[int, int, int], list] = field(default_factory=dict)
    help: dict[tuple[int, int, int], dt.datetime] = field(default_factory=dict)
    activity_ids: list[int] = field(default_factory=list)

    def day(self, value: dt.datetime) -> dt.date:
        return value.astimezone(self.tz).date()

    def add_activity(self, head: tuple, people: list[tuple[int, str, int, str]]) -> None:
        activity_id, service_id, occurred_at, kind, phase, ladder_step, category = head
        self.activity_ids.append(activity_id)
        if not people:
            # Nobody took part any more (a time-bank exchange corrected to "it did not happen"): nothing to count.
            return
        day = self.day(occurred_at)
        figures = [0] * len(FIGURE_COLUMNS)
        figures[ACTIVITIES] = 1
        citizen_contributed = professional_contributed = False
        for _member, role, minutes, member_kind in people:
            citizen = member_kind == CITIZEN
            if role == GAVE:
                figures[GIVEN] += minutes
            if role == RECEIVED:
                figures[RECEIVED_MIN] += minutes
                continue
            figures[CIT if citizen else PRO] += minutes
            citizen_contributed |= citizen
            professional_contributed |= not citizen
            if role == FACILITATED:
                figures[CIT_FAC if citizen else PRO_FAC] += minutes
            if role == GAVE or (role == TOOK_PART and phase == DELIVER):
                figures[CIT_DOING if citizen else PRO_DOING] += minutes
        figures[MIXED] = int(phase == DELIVER and citizen_contributed and professional_contributed)
        citizens = sorted({m for m, _r, _min, k in people if k == CITIZEN})
        givers = {m for m, r, _min, _k in people if r == GAVE}
        receivers = {m for m, r, _min, _k in people if r == RECEIVED}
        for scope in (SCOPE_COMMUNITY, service_id):
            key = (scope, day, kind, phase, ladder_step or 0, category if kind == EXCHANGE else "")
            totals = self.figures.get(key)
            if totals is None:
                self.figures[key] = list(figures)
            else:
                for i, value in enumerate(figures):
                    totals[i] += value
            for member, role, minutes, member_kind in people:
                self._add_member(scope, member, member_kind, role, minutes, occurred_at)
            for i, low in enumerate(citizens):
                for high in citizens[i + 1 :]:
                    tie = self.ties.get((scope, low, high))
                    if tie is None:
                        self.ties[(scope, low, high)] = [occurred_at, occurred_at]
                    else:
                        tie[0] = _earliest(tie[0], occurred_at)
                        tie[1] = _latest(tie[1], occurred_at)
            for giver in givers:
                for receiver in receivers:
                    if giver != receiver:
                        key3 = (scope, giver, receiver)
                        self.help[key3] = _latest(self.help.get(key3), occurred_at)

    def _add_member(self, scope: int, member: int, kind: str, role: str, minutes: int, when: dt.datetime) -> None:
        row = self.members.get((scope, member))
        if row is None:
            row = self.members[(scope, member)] = [kind, when, when, None, None, None, None, None, 0, 0]
        else:
            row[FIRST_AT] = _earliest(row[FIRST_AT], when)
            row[LAST_AT] = _latest(row[LAST_AT], when)
        row[COUNT] += 1
        if role == GAVE:
            row[LAST_GAVE] = _latest(row[LAST_GAVE], when)
        if role == RECEIVED:
            row[LAST_RECEIVED] = _latest(row[LAST_RECEIVED], when)
            row[FIRST_RECEIVED] = _earliest(row[FIRST_RECEIVED], when)
        else:
            row[MINUTES] += minutes
            if minutes > 0:
                row[LAST_CONTRIBUTED] = _latest(row[LAST_CONTRIBUTED], when)
        if role in ACTIVE_ROLES:
            row[FIRST_ACTIVE] = _earliest(row[FIRST_ACTIVE], when)


# ---------------------------------------------------------------------------------------------------------
# Reading the activity record


def _aware(value) -> dt.datetime:
    """A timestamp from a raw cursor as an aware datetime (SQLite hands back naive UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


@functools.lru_cache(maxsize=1 << 16)
def _sqlite_datetime(value: dt.datetime) -> str:
    # As Django stores it on SQLite: naive UTC, str() of the datetime.
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return _sqlite_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _db_row(row: tuple) -> tuple:
    """A row as the backend stores it in a raw statement (PostgreSQL's driver adapts dates itself)."""
    if connection.vendor == "sqlite":
        return tuple(_sqlite_value(v) for v in row)
    return row


def _activity_rows(community_id: int, *, pending_only: bool) -> Iterator[tuple]:
    a, c, m = Activity._meta.db_table, Contribution._meta.db_table, Membership._meta.db_table
    where = "a.community_id = %s"
    params: list = [community_id]
    if pending_only:
        pending = PendingRollup._meta.db_table
        where += f" AND a.id IN (SELECT p.activity_id FROM {pending} p WHERE p.community_id = %s)"  # noqa: S608
        params.append(community_id)
    sql = f"""
        SELECT a.id, a.service_id, a.occurred_at, a.kind, a.phase, a.ladder_step, a.category,
               c.membership_id, c.role, c.minutes, m.kind
        FROM {a} a
        LEFT JOIN {c} c ON c.activity_id = a.id
        LEFT JOIN {m} m ON m.id = c.membership_id
        WHERE {where}
        ORDER BY a.id
    """  # noqa: S608 - table names only; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10_000):
            yield from rows


def _read_batch(community: Community, *, pending_only: bool) -> Batch:
    batch = Batch(tz=zoneinfo.ZoneInfo(community.timezone))
    head: tuple | None = None
    people: list[tuple[int, str, int, str]] = []
    for row in _activity_rows(community.pk, pending_only=pending_only):
        if head is None or row[0] != head[0]:
            if head is not None:
                batch.add_activity(head, people)
            head = (row[0], row[1], _aware(row[2]), row[3], row[4], row[5], row[6] or "")
            people = []
        if row[7] is not None:
            people.append((row[7], row[8], int(row[9]), row[10]))
    if head is not None:
        batch.add_activity(head, people)
    return batch


# ---------------------------------------------------------------------------------------------------------
# Writing


def _insert(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Plain inserts of many rows: COPY on PostgreSQL, executemany on SQLite."""
    table = model._meta.db_table
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        batch: list[tuple] = []
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) >= 5000:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608


def _upsert(model, key: list[str], columns: list[str], rows: list[tuple], update: dict[str, str]) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE SET column = expression, for each row. In expressions, `{t}` is
    the stored row's table and `excluded` the new values."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    sets = ", ".join(f"{column} = {expression.format(t=table)}" for column, expression in update.items())
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, [_db_row(row) for row in rows[start : start + 2000]])


def _least(a: str, b: str) -> str:
    name = "LEAST" if connection.vendor == "postgresql" else "MIN"
    return f"{name}(COALESCE({a}, {b}), COALESCE({b}, {a}))"


def _greatest(a: str, b: str) -> str:
    name = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    return f"{name}(COALESCE({a}, {b}), COALESCE({b}, {a}))"


def _figure_rows(community_id: int, batch: Batch) -> list[tuple]:
    return [(community_id, *key, *values) for key, values in sorted(batch.figures.items())]


FIGURE_KEY = ["community_id", "scope", "day", "kind", "phase", "ladder_step", "category"]
STANDING_KEY = ["community_id", "scope", "membership_id"]
TIE_KEY = ["community_id", "scope", "low", "high"]
HELP_KEY = ["community_id", "scope", "giver", "receiver"]
COUNT_KEY = ["community_id", "scope", "measure", "day"]


def _standing_rows(community_id: int, batch: Batch) -> list[tuple]:
    # In key order, so each scope's standings lie together and are read in a few pages.
    return [(community_id, scope, member, *row) for (scope, member), row in sorted(batch.members.items())]


def _count(counts: dict[tuple, int], scope: int, measure: str, day: dt.date, delta: int) -> None:
    key = (scope, measure, day)
    counts[key] = counts.get(key, 0) + delta


def _spanning_forest(edges: Iterable[tuple[int, int, dt.datetime]]) -> dict[tuple[int, int], dt.datetime]:
    """Kruskal's algorithm taking the most recently active ties first: the maximum spanning forest by
    `last_at` (ties broken by the pair, so the same ties always give the same forest)."""
    groups = DisjointSets()
    forest: dict[tuple[int, int], dt.datetime] = {}
    for low, high, last_at in sorted(edges, key=lambda e: (e[2], -e[0], -e[1]), reverse=True):
        if groups.union(low, high):
            forest[(low, high)] = last_at
    return forest


def _largest_since(forest: dict[tuple[int, int], dt.datetime], day) -> list[tuple[dt.date, int]]:
    """(day D, size of the largest group linked by forest edges last active on D or later) for every day an
    edge was last active: adding edges from the most recent back, the largest size once a day's edges are in."""
    groups = DisjointSets()
    current, result = None, []
    for (low, high), last_at in sorted(forest.items(), key=lambda item: item[1], reverse=True):
        edge_day = day(last_at)
        if current is not None and edge_day != current:
            result.append((current, groups.largest))
        current = edge_day
        groups.union(low, high)
    if current is not None:
        result.append((current, groups.largest))
    return result


def _write_groups(community_id: int, scope: int, forest: dict, day, *, replace: bool) -> None:
    if replace:
        DayCount.objects.filter(community_id=community_id, scope=scope, measure=GROUP_SINCE).delete()
    _insert(
        DayCount,
        [*COUNT_KEY, "n"],
        ((community_id, scope, GROUP_SINCE, d, n) for d, n in _largest_since(forest, day)),
    )


def _write_fresh(community: Community, batch: Batch) -> None:
    """Write a whole community's rollups into empty tables."""
    cid = community.pk
    _insert(DayFigures, FIGURE_KEY + list(FIGURE_COLUMNS), _figure_rows(cid, batch))
    _insert(MemberStanding, STANDING_KEY + list(STANDING_COLUMNS), _standing_rows(cid, batch))
    counts: dict[tuple, int] = {}
    by_scope: dict[int, list[tuple[int, int, dt.datetime]]] = {}
    for (scope, low, high), (first_at, last_at) in batch.ties.items():
        _count(counts, scope, TIE_FIRST, batch.day(first_at), 1)
        _count(counts, scope, TIE_LAST, batch.day(last_at), 1)
        by_scope.setdefault(scope, []).append((low, high, last_at))
    _insert(PeerTie, [*TIE_KEY, "first_at", "last_at"], ((cid, *k, f, last) for k, (f, last) in batch.ties.items()))
    pairs: dict[tuple[int, int, int], dt.datetime] = {}
    for (scope, giver, receiver), last_at in batch.help.items():
        _count(counts, scope, HELP_DIRECTED, batch.day(last_at), 1)
        pair = (scope, min(giver, receiver), max(giver, receiver))
        pairs[pair] = _latest(pairs.get(pair), last_at)
    for (scope, _low, _high), last_at in pairs.items():
        _count(counts, scope, HELP_PAIR, batch.day(last_at), 1)
    _insert(HelpGiven, [*HELP_KEY, "last_at"], ((cid, *k, last) for k, last in batch.help.items()))
    _insert(DayCount, [*COUNT_KEY, "n"], ((cid, *k, n) for k, n in counts.items()))
    for scope, edges in sorted(by_scope.items()):
        forest = _spanning_forest(edges)
        _insert(
            TieForestEdge,
            [*TIE_KEY, "last_at"],
            ((cid, scope, lo, hi, last) for (lo, hi), last in sorted(forest.items())),
        )
        _write_groups(cid, scope, forest, batch.day, replace=False)


def _stored(model, community_id: int, scope: int, first: str, firsts: set[int], columns: str) -> Iterator[tuple]:
    """Stored rows of one scope whose `first` column is one of `firsts`, in chunks."""
    ids = sorted(firsts)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE community_id = %s AND scope = %s AND {first} IN ({marks})",  # noqa: S608
                [community_id, scope, *chunk],
            )
            yield from cursor.fetchall()


def _merge_ties(community: Community, batch: Batch, counts: dict[tuple, int]) -> dict[int, dict]:
    """Merge the batch's ties with the stored ones; returns, per scope, the ties whose last time moved."""
    cid = community.pk
    wanted: dict[int, set[tuple[int, int]]] = {}
    for scope, low, high in batch.ties:
        wanted.setdefault(scope, set()).add((low, high))
    moved: dict[int, dict] = {}
    rows = []
    for scope, pairs in wanted.items():
        stored = {
            (low, high): (_aware(first_at), _aware(last_at))
            for low, high, first_at, last_at in _stored(
                PeerTie, cid, scope, "low", {p[0] for p in pairs}, "low, high, first_at, last_at"
            )
            if (low, high) in pairs
        }
        for low, high in pairs:
            first_at, last_at = batch.ties[(scope, low, high)]
            old_first, old_last = stored.get((low, high), (None, None))
            new_first, new_last = _earliest(old_first, first_at), _latest(old_last, last_at)
            for measure, old, new in ((TIE_FIRST, old_first, new_first), (TIE_LAST, old_last, new_last)):
                if old != new:
                    if old is not None:
                        _count(counts, scope, measure, batch.day(old), -1)
                    _count(counts, scope, measure, batch.day(new), 1)
            if (new_first, new_last) != (old_first, old_last):
                rows.append((cid, scope, low, high, new_first, new_last))
            if new_last != old_last:
                moved.setdefault(scope, {})[(low, high)] = new_last
    _upsert(PeerTie, TIE_KEY, [*TIE_KEY, "first_at", "last_at"], rows,
            {"first_at": "excluded.first_at", "last_at": "excluded.last_at"})
    return moved


def _merge_help(community: Community, batch: Batch, counts: dict[tuple, int]) -> None:
    cid = community.pk
    members: dict[int, set[int]] = {}
    for scope, giver, receiver in batch.help:
        members.setdefault(scope, set()).update((giver, receiver))
    rows = []
    for scope, people in members.items():
        stored = {
            (giver, receiver): _aware(last_at)
            for giver, receiver, last_at in _stored(HelpGiven, cid, scope, "giver", people, "giver, receiver, last_at")
        }
        merged = dict(stored)
        for (s, giver, receiver), last_at in batch.help.items():
            if s != scope:
                continue
            old = stored.get((giver, receiver))
            new = _latest(old, last_at)
            if new != old:
                merged[(giver, receiver)] = new
                rows.append((cid, scope, giver, receiver, new))
                if old is not None:
                    _count(counts, scope, HELP_DIRECTED, batch.day(old), -1)
                _count(counts, scope, HELP_DIRECTED, batch.day(new), 1)
        pairs = {(min(g, r), max(g, r)) for (s, g, r) in batch.help if s == scope}
        for low, high in pairs:
            old = _latest(stored.get((low, high)), stored.get((high, low)))
            new = _latest(merged.get((low, high)), merged.get((high, low)))
            if new != old:
                if old is not None:
                    _count(counts, scope, HELP_PAIR, batch.day(old), -1)
                _count(counts, scope, HELP_PAIR, batch.day(new), 1)
    _upsert(HelpGiven, HELP_KEY, [*HELP_KEY, "last_at"], rows, {"last_at": "excluded.last_at"})


def _merge_forest(community: Community, scope: int, moved: dict[tuple[int, int], dt.datetime], day) -> None:
    """The maximum spanning forest of the old ties plus the ties that moved is the forest of all ties: a tie
    left out of the old forest was outweighed by a path of ties at least as recent, which are still there."""
    cid = community.pk
    old = {
        (low, high): _aware(last_at)
        for low, high, last_at in TieForestEdge.objects.filter(community_id=cid, scope=scope).values_list(
            "low", "high", "last_at"
        )
    }
    candidates = dict(old)
    candidates.update(moved)
    forest = _spanning_forest((low, high, last_at) for (low, high), last_at in candidates.items())
    gone = [pair for pair in old if pair not in forest]
    for start in range(0, len(gone), CHUNK):
        chunk = gone[start : start + CHUNK]
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TieForestEdge._meta.db_table} WHERE community_id = %s AND scope = %s AND ("  # noqa: S608
                + " OR ".join(["(low = %s AND high = %s)"] * len(chunk))
                + ")",
                [cid, scope, *[v for pair in chunk for v in pair]],
            )
    changed = [(cid, scope, low, high, last) for (low, high), last in forest.items() if old.get((low, high)) != last]
    _upsert(TieForestEdge, TIE_KEY, [*TIE_KEY, "last_at"], changed, {"last_at": "excluded.last_at"})
    _write_groups(cid, scope, forest, day, replace=True)


def _write_incremental(community: Community, batch: Batch) -> None:
    cid = community.pk
    _upsert(
        DayFigures,
        FIGURE_KEY,
        FIGURE_KEY + list(FIGURE_COLUMNS),
        _figure_rows(cid, batch),
        {column: f"{{t}}.{column} + excluded.{column}" for column in FIGURE_COLUMNS},
    )
    earliest = ("first_at", "first_received_at", "first_active_at")
    _upsert(
        MemberStanding,
        STANDING_KEY,
        STANDING_KEY + list(STANDING_COLUMNS),
        _standing_rows(cid, batch),
        {
            **{
                c: (_least if c in earliest else _greatest)(f"{{t}}.{c}", f"excluded.{c}")
                for c in STANDING_COLUMNS
                if c not in ("kind", "contributions", "minutes_contributed")
            },
            "kind": "excluded.kind",
            "contributions": "{t}.contributions + excluded.contributions",
            "minutes_contributed": "{t}.minutes_contributed + excluded.minutes_contributed",
        },
    )
    counts: dict[tuple, int] = {}
    moved = _merge_ties(community, batch, counts)
    _merge_help(community, batch, counts)
    _upsert(
        DayCount,
        COUNT_KEY,
        [*COUNT_KEY, "n"],
        [(cid, *key, n) for key, n in counts.items() if n],
        {"n": "{t}.n + excluded.n"},
    )
    for scope, ties in moved.items():
        _merge_forest(community, scope, ties, batch.day)


def _delete_pending(community_id: int, activity_ids: list[int]) -> None:
    """Remove the pending rows of the activities just applied (and only those: rows of activities committed
    meanwhile stay for the next catch-up)."""
    pending = set(PendingRollup.objects.filter(community_id=community_id).values_list("activity_id", flat=True))
    done = sorted(pending.intersection(activity_ids))
    for start in range(0, len(done), CHUNK):
        PendingRollup.objects.filter(community_id=community_id, activity_id__in=done[start : start + CHUNK]).delete()


ROLLUP_MODELS = (DayFigures, MemberStanding, PeerTie, HelpGiven, DayCount, TieForestEdge)


def _locked_state(community: Community) -> RollupState:
    RollupState.objects.get_or_create(community=community)
    return RollupState.objects.select_for_update().get(community=community)


def _unannounced(community: Community, last_activity_id: int) -> bool:
    """An activity newer than the last one taken in that has no pending row."""
    pending = PendingRollup.objects.filter(activity_id=OuterRef("pk"))
    return (
        Activity.objects.filter(community=community, pk__gt=last_activity_id).filter(~Exists(pending)).exists()
    )


def _mark_taken_in(state: RollupState, activity_ids: list[int], fields: list[str]) -> None:
    state.last_activity_id = max([state.last_activity_id, *activity_ids])
    state.caught_up_at = timezone.now()
    state.save(update_fields=[*fields, "last_activity_id", "caught_up_at"])


def rollups_rebuild(*, community: Community) -> int:
    """Rebuild every rollup of the community from its activity record; returns how many activities were read."""
    with transaction.atomic():
        state = _locked_state(community)
        for model in ROLLUP_MODELS:
            model.objects.filter(community=community).delete()
        batch = _read_batch(community, pending_only=False)
        _write_fresh(community, batch)
        _delete_pending(community.pk, batch.activity_ids)
        state.needs_rebuild = False
        state.built_at = timezone.now()
        state.last_activity_id = 0
        _mark_taken_in(state, batch.activity_ids, ["needs_rebuild", "built_at"])
    return len(batch.activity_ids)


def rollups_catch_up(*, community: Community, allow_rebuild: bool = True) -> int:
    """Apply the activities recorded since the last catch-up; rebuild instead when the community has no
    rollups yet, they were invalidated, or so much is pending that a rebuild is cheaper. Returns how many
    activities were read. Without `allow_rebuild` (in a request, where a rebuild of a large community would
    hold up everyone's writes) a needed rebuild is left for the background worker and nothing is read."""
    with transaction.atomic():
        state = _locked_state(community)
        pending = PendingRollup.objects.filter(community=community).count()
        if (
            state.needs_rebuild
            or state.built_at is None
            or pending > REBUILD_ABOVE
            or _unannounced(community, state.last_activity_id)
        ):
            return rollups_rebuild(community=community) if allow_rebuild else 0
        if not pending:
            return 0
        batch = _read_batch(community, pending_only=True)
        _write_incremental(community, batch)
        _delete_pending(community.pk, batch.activity_ids)
        _mark_taken_in(state, batch.activity_ids, [])
    return len(batch.activity_ids)


def rollups_invalidate(*, community_id: int) -> None:
    """The activity record changed in a way rollups cannot follow: rebuild them at the next catch-up."""
    RollupState.objects.filter(community_id=community_id).update(needs_rebuild=True)


def rollups_pending_add(*, community_id: int, activity_id: int) -> None:
    """Note an activity just recorded (called inside the transaction that records it)."""
    PendingRollup.objects.create(community_id=community_id, activity_id=activity_id)


def rollups_current(*, community: Community) -> bool:
    """True when the rollups reflect every activity of the community."""
    state = (
        RollupState.objects.filter(community=community)
        .values_list("needs_rebuild", "built_at", "last_activity_id")
        .first()
    )
    if state is None or state[0] or state[1] is None:
        return False
    if PendingRollup.objects.filter(community=community).exists():
        return False
    return not _unannounced(community, state[2])
