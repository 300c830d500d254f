"""How long insights take for a large community, against one full scan of the contributions table.

    .venv/bin/python bench/insights.py [--members 100000] [--contributions 2000000] [--repeat 3]
                                       [--backends sqlite,postgresql]

Generates one community with N members and M contributions (a time bank's exchanges, mixed shifts, family
link-up sessions and design workshops over the year up to now) once, as CSV files, then loads them into
scratch databases: a temporary SQLite file and a PostgreSQL database it creates and drops ($BENCH_PG_DB,
default `insights_bench`, on the server of $BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432).
Tables are created straight from the models, bulk-loaded (COPY on PostgreSQL, executemany in one
transaction on SQLite) and ANALYZEd. The period is the one insights pages show by default: the last 12
months up to the next local midnight after the data ends.

It then builds the community's rollups (timed once) and checks that the computation reads them. Interleaved
and repeated, it times one scan of the contributions table (the floor), one GROUP BY member of that table
alone (what any per-member figure costs at least), the grid, and the full computation a snapshot stores,
within which the indicator set and the network measures are timed part by part. Once, it times the same
computation from the activity record (rollups out of date), and last the write side: 1,000 more activities
recorded, then brought into the rollups by a catch-up. Each backend runs in its own process.

The target is a full computation within 5× the floor and 30 s. The last line is
`insights ratio: <full computation / one scan>` for PostgreSQL.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_PG_DB", "insights_bench")
RESULT = "RESULT "
NEW_ACTIVITIES = 1000
TARGET_RATIO = 5
TARGET_SECONDS = 30
NULL = r"\N"
COMMUNITY_ID = 1
INDICATOR_PARTS = ("members", "assets", "activities", "pairs", "ties", "groups", "ledger")
NETWORK_PARTS = ("members", "pairs", "ties", "groups")
SERVICES = {"Time bank": 1, "Shared roles": 2, "Family link-ups": 3, "Service design": 4}


def log(message: str) -> None:
    print(message, flush=True)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def bench_models():
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from coproduce.communities.models import Asset, Community, Membership, Organisation, User
    from coproduce.coproduction.models import Activity, Contribution, Service

    models = [
        ContentType,
        Permission,
        Group,
        User,
        Community,
        Membership,
        Organisation,
        Asset,
        Service,
        Activity,
        Contribution,
    ]
    if apps.is_installed("coproduce.ledger"):
        models += list(apps.get_app_config("ledger").get_models())
    return models + list(apps.get_app_config("insights").get_models())


# ---------------------------------------------------------------------------------------------------------
# Data, generated once as CSV (NULL written as \N, times as naive UTC, booleans as 1/0)


class CsvTable:
    """Rows for the listed columns; every other column gets its default, written out in full."""

    def __init__(self, folder: Path, model, columns: list[str]):
        from django.utils import timezone

        self.name = model._meta.db_table
        now = timezone.now()
        fixed = []
        for f in model._meta.concrete_fields:
            if f.column in columns or f.primary_key:
                continue
            value: object
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            else:
                value = None if f.null else ""
            fixed.append((f.column, value))
        self.columns = columns + [c for c, _v in fixed]
        self.fixed = [text(v) for _c, v in fixed]
        self.file = open(folder / f"{self.name}.csv", "w", newline="")  # noqa: SIM115 - closed in close()
        self.writer = csv.writer(self.file)
        self.rows = 0

    def add(self, *values) -> None:
        self.writer.writerow([text(v) for v in values] + self.fixed)
        self.rows += 1

    def close(self) -> dict:
        self.file.close()
        return {"table": self.name, "columns": self.columns, "rows": self.rows}


def text(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return str(value)


class Mix:
    """The community's activities, drawn one at a time: 2 % of members are professionals; citizens are picked
    with a skew so some are "usual suspects"; a third of exchanges repay an earlier one in the other direction.
    Shares of contributions: exchanges 60 %, shifts 20 %, link-up sessions 6 %, workshops 14 %."""

    categories = ("Gardening", "Company", "Computers", "Transport", "Cooking", "Forms and letters", "DIY")

    def __init__(self, rng: random.Random, members: int):
        self.rng = rng
        self.professional = [i % 50 == 0 for i in range(members + 1)]
        self.pros = [i for i in range(1, members + 1) if self.professional[i]]
        self.citizens = [i for i in range(1, members + 1) if not self.professional[i]]
        self.recent_pairs: list[tuple[int, int]] = []

    def citizen(self) -> int:
        return self.citizens[int(len(self.citizens) * self.rng.random() ** 1.6)]

    def pro(self) -> int:
        return self.pros[self.rng.randrange(len(self.pros))]

    def draw(self) -> tuple[str, str, str, int | None, str, list[tuple[int, str, int]]] | None:
        """(service, kind, phase, ladder step, category, [(member, role, minutes)]), or None when the draw
        made no activity (a link-up session needs two different families)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.781:
            if self.recent_pairs and rng.random() < 0.33:
                giver, receiver = self.recent_pairs[rng.randrange(len(self.recent_pairs))][::-1]
            else:
                giver, receiver = self.citizen(), self.citizen()
                while receiver == giver:
                    receiver = self.citizen()
            self.recent_pairs.append((giver, receiver))
            if len(self.recent_pairs) > 5000:
                self.recent_pairs.pop(0)
            minutes = rng.choice((30, 60, 60, 90, 120, 180))
            category = rng.choice(self.categories)
            return (
                "Time bank",
                "exchange",
                "deliver",
                None,
                category,
                [(giver, "gave", minutes), (receiver, "received", minutes)],
            )
        if roll < 0.911:
            crew = [(self.pro(), rng.choice(("took_part", "facilitated")), 240)]
            crew += [(m, "took_part", 240) for m in {self.citizen() for _ in range(3)}]
            return "Shared roles", "shift", "deliver", None, "", crew
        if roll < 0.963:
            sharing, seeking = self.citizen(), self.citizen()
            if sharing == seeking:
                return None
            crew = [(self.pro(), "facilitated", 60), (sharing, "gave", 90), (seeking, "received", 90)]
            return "Family link-ups", "linkup_session", "deliver", None, "", crew
        crew = [(p, "facilitated", 120) for p in {self.pro() for _ in range(2)}]
        crew += [
            (m, rng.choice(("took_part", "took_part", "decided")), 120) for m in {self.citizen() for _ in range(8)}
        ]
        phase = rng.choice(("commission", "design", "design"))
        return "Service design", "workshop", phase, rng.randint(3, 7), "", crew


def generate(folder: Path, members: int, contributions: int, end: dt.datetime) -> None:
    """Deterministic data (see `Mix`), activities recorded in time order over the year before `end`."""
    from coproduce.communities.models import Asset, Membership, User
    from coproduce.coproduction.models import Activity, Contribution

    rng = random.Random(42)
    mix = Mix(rng, members)
    start = end - dt.timedelta(days=365)
    users = CsvTable(folder, User, ["id", "email", "name"])
    people = CsvTable(
        folder, Membership, ["id", "community_id", "user_id", "kind", "role", "status", "member_number", "joined_at"]
    )
    assets = CsvTable(folder, Asset, ["community_id", "membership_id", "kind", "title"])
    for i in range(1, members + 1):
        users.add(i, None, f"Member {i}")
        people.add(
            i,
            COMMUNITY_ID,
            i,
            "professional" if mix.professional[i] else "citizen",
            "coordinator" if mix.professional[i] and i % 1000 == 0 else "member",
            "active",
            i,
            start,
        )
        if i % 5 < 2:
            assets.add(COMMUNITY_ID, i, "skill", "Gardening")

    activities = CsvTable(
        folder,
        Activity,
        ["id", "community_id", "service_id", "kind", "phase", "ladder_step", "title", "occurred_at", "category"],
    )
    contribs = CsvTable(folder, Contribution, ["community_id", "activity_id", "membership_id", "role", "minutes"])
    span = (end - start).total_seconds()
    expected_activities = contributions / 2.6
    activity_id = 0
    while contribs.rows < contributions:
        drawn = mix.draw()
        if drawn is None:
            continue
        service, kind, phase, step, category, crew = drawn
        activity_id += 1
        progress = min(1.0, activity_id / expected_activities)
        when = start + dt.timedelta(seconds=min(span - 1, progress * span + rng.random() * 3600))
        activities.add(activity_id, COMMUNITY_ID, SERVICES[service], kind, phase, step, kind, when, category)
        for member, role, minutes in crew:
            contribs.add(COMMUNITY_ID, activity_id, member, role, minutes)
    manifest = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "members": members,
        "tables": [t.close() for t in (users, people, assets, activities, contribs)],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))


# ---------------------------------------------------------------------------------------------------------
# One backend: create, load, measure


def create_pg_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DB}")


def drop_pg_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def load(folder: Path) -> dict:
    from django.db import connection, transaction

    from coproduce.communities.models import Community
    from coproduce.coproduction.models import Service

    with connection.schema_editor() as editor:
        for model in bench_models():
            editor.create_model(model)
    manifest = json.loads((folder / "manifest.json").read_text())
    community = Community.objects.create(pk=COMMUNITY_ID, slug="bench", name="Bench Time Bank")
    for name, pk in SERVICES.items():
        Service.objects.create(pk=pk, community=community, name=name)
    cursor = connection.cursor()
    # A scratch database: no foreign-key checks or journal while loading (the generator writes valid rows).
    if connection.vendor == "postgresql":
        cursor.execute("SET session_replication_role = replica")
    else:
        for pragma in ("foreign_keys = OFF", "journal_mode = OFF", "synchronous = OFF", "cache_size = -262144"):
            cursor.execute(f"PRAGMA {pragma}")
    with transaction.atomic():
        for table in manifest["tables"]:
            cols = ", ".join(table["columns"])
            path = folder / f"{table['table']}.csv"
            if connection.vendor == "postgresql":
                with (
                    cursor.cursor.copy(
                        f"COPY {table['table']} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
                    ) as copy,
                    open(path, "rb") as source,
                ):
                    while block := source.read(1 << 20):
                        copy.write(block)
            else:
                marks = ", ".join(["?"] * len(table["columns"]))
                with open(path, newline="") as source:
                    rows = ([None if v == NULL else v for v in row] for row in csv.reader(source))
                    cursor.cursor.executemany(f"INSERT INTO {table['table']} ({cols}) VALUES ({marks})", rows)
    if connection.vendor == "postgresql":
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in manifest["tables"]:  # ids were given explicitly: move the sequences past them
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table['table']}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table['table']}))"
            )
    else:
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", "cache_size = -2000"):
            cursor.execute(f"PRAGMA {pragma}")
    cursor.execute("ANALYZE")
    cursor.close()
    return manifest


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def child(backend: str, folder: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        if backend == "postgresql":
            create_pg_database()
            setup_django(f"{PG_SERVER}/{PG_DB}")
        else:
            setup_django(f"sqlite:///{scratch}/bench.sqlite3")
        try:
            measure(backend, folder, repeat)
        finally:
            if backend == "postgresql":
                from django.db import connections

                connections.close_all()
                drop_pg_database()


def record_new_activities(community, members: int, end: dt.datetime) -> int:
    """NEW_ACTIVITIES more activities of the same mix, in the hour before `end`, recorded as the product
    records them: activity, contributions and pending-rollup row in one transaction."""
    from django.db import transaction

    from coproduce.coproduction.models import Activity, Contribution
    from coproduce.insights.models import PendingRollup

    mix = Mix(random.Random(43), members)
    activities: list = []
    crews = []
    while len(activities) < NEW_ACTIVITIES:
        drawn = mix.draw()
        if drawn is None:
            continue
        service, kind, phase, step, category, crew = drawn
        activities.append(
            Activity(
                community=community,
                service_id=SERVICES[service],
                kind=kind,
                phase=phase,
                ladder_step=step,
                title=kind,
                occurred_at=end - dt.timedelta(seconds=3600 * (NEW_ACTIVITIES - len(activities)) / NEW_ACTIVITIES),
                category=category,
            )
        )
        crews.append(crew)
    with transaction.atomic():
        Activity.objects.bulk_create(activities)
        Contribution.objects.bulk_create(
            Contribution(community=community, activity=activity, membership_id=member, role=role, minutes=minutes)
            for activity, crew in zip(activities, crews, strict=True)
            for member, role, minutes in crew
        )
        PendingRollup.objects.bulk_create(PendingRollup(community=community, activity=a) for a in activities)
    return len(activities)


def measure(backend: str, folder: Path, repeat: int) -> None:
    from django.db import connection

    t0 = time.perf_counter()
    manifest = load(folder)
    log(f"[{backend}] loaded and analysed in {time.perf_counter() - t0:.1f} s")

    from coproduce.communities.models import Community
    from coproduce.insights import compute
    from coproduce.insights.periods import last_months
    from coproduce.insights.report import insights_compute
    from coproduce.insights.rollups import (
        rollups_catch_up,
        rollups_current,
        rollups_invalidate,
        rollups_rebuild,
    )
    from coproduce.insights.selectors import grid_position

    community = Community.objects.get(pk=COMMUNITY_ID)
    data_end = dt.datetime.fromisoformat(manifest["end"])
    local_end = data_end.astimezone(zoneinfo.ZoneInfo(community.timezone))
    # The period insights pages show by default: the last 12 months up to the next local midnight.
    period = last_months(tzname=community.timezone, months=12, today=local_end.date())
    start, end = period.start, period.end
    if not data_end < end:
        raise SystemExit(f"[{backend}] the data ends at {data_end}, not before the period's end {end}")
    once: dict[str, float] = {}

    def sql(statement: str):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(statement)
                cursor.fetchall()

        return run

    built: list[int] = []
    once["rebuild"] = timed(lambda: built.append(rollups_rebuild(community=community)))
    once["rebuilt_activities"] = built[0]
    log(f"[{backend}] rollups built from {built[0]:,} activities in {once['rebuild']:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the new summary tables get statistics, as autovacuum would give them
    facts = compute.gather_facts(community=community, start=start, end=end)
    if set(facts.sources.values()) != {"rollups"}:
        raise SystemExit(f"[{backend}] insights did not read the rollups: {facts.sources}")
    # Untimed: the first computation in a process loads the network library, which a running server has loaded.
    insights_compute(community=community, start=start, end=end)

    parts: list[dict[str, float]] = []

    def full() -> None:
        timings: dict[str, float] = {}
        insights_compute(community=community, start=start, end=end, timings=timings)
        parts.append(timings)

    steps = {
        "floor": sql("SELECT SUM(minutes), COUNT(*) FROM coproduction_contribution"),
        "group": sql(
            "SELECT COUNT(*), SUM(n) FROM (SELECT membership_id, COUNT(*) AS n, SUM(minutes) AS m "
            "FROM coproduction_contribution GROUP BY membership_id) x"
        ),
        "grid": lambda: grid_position(community=community, start=start, end=end),
        "full": full,
    }
    steps["floor"]()  # read the table once so the first floor is not a cold read
    times: dict[str, list[float]] = {name: [] for name in steps}
    for round_no in range(repeat):
        for name, fn in steps.items():
            times[name].append(timed(fn))
        log(
            f"[{backend}] round {round_no + 1}: "
            + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items())
            + " | parts: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in parts[-1].items())
        )
    # The indicator set and the network measures are timed inside each full computation, which computes
    # them once and shares what they have in common (the pass over members).
    times["indicators"] = [sum(v for k, v in p.items() if k in INDICATOR_PARTS) for p in parts]
    times["network"] = [sum(v for k, v in p.items() if k in NETWORK_PARTS) for p in parts]

    # The same computation from the activity record, as when rollups are out of date: timed once, it is slow.
    rollups_invalidate(community_id=community.pk)
    if rollups_current(community=community):
        raise SystemExit(f"[{backend}] rollups still current after invalidating them")
    records_parts: dict[str, float] = {}
    once["records"] = timed(lambda: insights_compute(community=community, start=start, end=end, timings=records_parts))
    log(
        f"[{backend}] full computation from contributions (no rollups): {once['records']:.2f} s | parts: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in records_parts.items())
    )
    log(f"[{backend}] rollups rebuilt in {timed(lambda: rollups_rebuild(community=community)):.2f} s")

    # The write side, last so that the rounds above measured the loaded data alone.
    once["new_activities"] = record_new_activities(community, manifest["members"], data_end)
    caught_up: list[int] = []
    once["catch_up"] = timed(lambda: caught_up.append(rollups_catch_up(community=community)))
    once["caught_up"] = caught_up[0]
    if caught_up[0] != once["new_activities"]:
        raise SystemExit(f"[{backend}] catch-up read {caught_up[0]:,} activities, not the {NEW_ACTIVITIES:,} new ones")
    log(
        f"[{backend}] catch-up: {caught_up[0]:,} new activities in {once['catch_up']:.2f} s "
        f"({1000 * once['catch_up'] / max(caught_up[0], 1):.1f} ms each)"
    )
    if not rollups_current(community=community):
        raise SystemExit(f"[{backend}] rollups are not current after catching up")
    print(RESULT + json.dumps({"backend": backend, "times": times, "once": once}), flush=True)


# ---------------------------------------------------------------------------------------------------------
# Parent: generate once, run each backend in its own process, summarise


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} s  ({min(values):.2f}–{max(values):.2f})"


def run(cmd: list[str], results: dict | None = None, backend: str = "") -> None:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)  # noqa: S603
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(RESULT) and results is not None:
            results[backend] = json.loads(line[len(RESULT) :])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0:
        sys.exit(f"{' '.join(cmd[2:4])} failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--contributions", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        setup_django("sqlite://:memory:")
        from django.utils import timezone

        generate(Path(args.data), args.members, args.contributions, timezone.now().replace(microsecond=0))
        return
    if args.child:
        child(args.child, Path(args.data), args.repeat)
        return

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as data:
        t0 = time.perf_counter()
        run(
            [
                sys.executable,
                __file__,
                "--generate",
                "--data",
                data,
                "--members",
                str(args.members),
                "--contributions",
                str(args.contributions),
            ]
        )
        log(
            f"generated {args.members:,} members and {args.contributions:,} contributions in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        for backend in args.backends.split(","):
            run(
                [sys.executable, __file__, "--child", backend, "--data", data, "--repeat", str(args.repeat)],
                results,
                backend,
            )

    print()
    print(f"{args.members:,} members, {args.contributions:,} contributions; median of {args.repeat} (min–max)")
    for backend, result in results.items():
        times, once = result["times"], result["once"]
        base = statistics.median(times["floor"])
        print(f"{backend}:")
        for name, label in (
            ("floor", "one scan of contributions (floor)"),
            ("group", "GROUP BY member, that table alone"),
            ("indicators", "indicator set *"),
            ("grid", "grid"),
            ("network", "network measures *"),
            ("full", "full computation"),
        ):
            ratio = statistics.median(times[name]) / base
            print(f"  {label:50} {summary(times[name])}  {ratio:6.1f}× floor")
        for name, label in (
            ("records", "full computation from contributions (no rollups)"),
            ("rebuild", f"rollups built from {once['rebuilt_activities']:,} activities"),
        ):
            print(f"  {label:50} {once[name]:7.2f} s  (once){' ' * 7}  {once[name] / base:6.1f}× floor")
        print(
            f"  catch-up: {once['caught_up']:,} new activities in {once['catch_up']:.2f} s "
            f"({1000 * once['catch_up'] / max(once['caught_up'], 1):.1f} ms each)"
        )
        full = statistics.median(times["full"])
        within = full <= TARGET_RATIO * base and full <= TARGET_SECONDS
        print(f"  within target: {'yes' if within else 'no'} ({TARGET_RATIO}× floor, {TARGET_SECONDS} s)")
    print("  * timed inside each full computation, which computes the parts they share once")
    chosen = "postgresql" if "postgresql" in results else next(iter(results))
    times = results[chosen]["times"]
    ratio = statistics.median(times["full"]) / statistics.median(times["floor"])
    suffix = "" if chosen == "postgresql" else f" ({chosen})"
    print(f"insights ratio: {ratio:.2f}{suffix}")


if __name__ == "__main__":
    main()
