"""How long insights take for a large community, against one full scan of the contributions table.

    .venv/bin/python bench/insights.py [--members 100000] [--contributions 2000000] [--repeat 3]
                                       [--backends sqlite,postgresql]

Generates one community with N members and M contributions (a time bank's exchanges, mixed shifts, family
link-up sessions and design workshops over a year) once, as CSV files, then loads them into scratch
databases: a temporary SQLite file and a PostgreSQL database it creates and drops (`insights_bench` on the
server of $BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432). Tables are created straight from the
models, bulk-loaded (COPY on PostgreSQL, executemany in one transaction on SQLite) and ANALYZEd. Then,
interleaved and repeated, it times one scan of the contributions table (the floor), one GROUP BY member of
that table alone (what any per-member figure costs at least), the grid, and the full computation a snapshot
stores, within which the indicator set and the network measures are timed part by part. Each backend runs
in its own process.

The last line is `insights ratio: <full computation / one scan>` for PostgreSQL.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = "insights_bench"
RESULT = "RESULT "
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
    return models


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


def generate(folder: Path, members: int, contributions: int, end: dt.datetime) -> None:
    """Deterministic data: 2 % professionals; members picked with a skew so some are "usual suspects"; a
    third of exchanges repay an earlier one in the other direction; activities recorded in time order."""
    from coproduce.communities.models import Asset, Membership, User
    from coproduce.coproduction.models import Activity, Contribution

    rng = random.Random(42)
    start = end - dt.timedelta(days=365)
    users = CsvTable(folder, User, ["id", "email", "name"])
    people = CsvTable(
        folder, Membership, ["id", "community_id", "user_id", "kind", "role", "status", "member_number", "joined_at"]
    )
    assets = CsvTable(folder, Asset, ["community_id", "membership_id", "kind", "title"])
    professional = [i % 50 == 0 for i in range(members + 1)]
    for i in range(1, members + 1):
        users.add(i, None, f"Member {i}")
        people.add(
            i,
            COMMUNITY_ID,
            i,
            "professional" if professional[i] else "citizen",
            "coordinator" if professional[i] and i % 1000 == 0 else "member",
            "active",
            i,
            start,
        )
        if i % 5 < 2:
            assets.add(COMMUNITY_ID, i, "skill", "Gardening")
    pros = [i for i in range(1, members + 1) if professional[i]]
    citizens = [i for i in range(1, members + 1) if not professional[i]]

    def citizen() -> int:
        return citizens[int(len(citizens) * rng.random() ** 1.6)]

    activities = CsvTable(
        folder,
        Activity,
        ["id", "community_id", "service_id", "kind", "phase", "ladder_step", "title", "occurred_at", "category"],
    )
    contribs = CsvTable(folder, Contribution, ["community_id", "activity_id", "membership_id", "role", "minutes"])
    span = (end - start).total_seconds()
    categories = ["Gardening", "Company", "Computers", "Transport", "Cooking", "Forms and letters", "DIY"]
    recent_pairs: list[tuple[int, int]] = []
    expected_activities = contributions / 2.6
    activity_id = 0

    def add(service: str, kind: str, phase: str, step, category: str, crew) -> None:
        nonlocal activity_id
        activity_id += 1
        progress = min(1.0, activity_id / expected_activities)
        when = start + dt.timedelta(seconds=min(span - 1, progress * span + rng.random() * 3600))
        activities.add(activity_id, COMMUNITY_ID, SERVICES[service], kind, phase, step, kind, when, category)
        for member, role, minutes in crew:
            contribs.add(COMMUNITY_ID, activity_id, member, role, minutes)

    # Shares of contributions: exchanges 60 %, shifts 20 %, link-up sessions 6 %, workshops 14 %.
    while contribs.rows < contributions:
        roll = rng.random()
        if roll < 0.781:
            if recent_pairs and rng.random() < 0.33:
                giver, receiver = recent_pairs[rng.randrange(len(recent_pairs))][::-1]
            else:
                giver, receiver = citizen(), citizen()
                while receiver == giver:
                    receiver = citizen()
            recent_pairs.append((giver, receiver))
            if len(recent_pairs) > 5000:
                recent_pairs.pop(0)
            minutes = rng.choice((30, 60, 60, 90, 120, 180))
            add(
                "Time bank",
                "exchange",
                "deliver",
                None,
                rng.choice(categories),
                [(giver, "gave", minutes), (receiver, "received", minutes)],
            )
        elif roll < 0.911:
            crew = [(pros[rng.randrange(len(pros))], rng.choice(("took_part", "facilitated")), 240)]
            crew += [(m, "took_part", 240) for m in {citizen() for _ in range(3)}]
            add("Shared roles", "shift", "deliver", None, "", crew)
        elif roll < 0.963:
            sharing, seeking = citizen(), citizen()
            if sharing != seeking:
                add(
                    "Family link-ups",
                    "linkup_session",
                    "deliver",
                    None,
                    "",
                    [
                        (pros[rng.randrange(len(pros))], "facilitated", 60),
                        (sharing, "gave", 90),
                        (seeking, "received", 90),
                    ],
                )
        else:
            crew = [(p, "facilitated", 120) for p in {pros[rng.randrange(len(pros))] for _ in range(2)}]
            crew += [(m, rng.choice(("took_part", "took_part", "decided")), 120) for m in {citizen() for _ in range(8)}]
            add(
                "Service design",
                "workshop",
                rng.choice(("commission", "design", "design")),
                rng.randint(3, 7),
                "",
                crew,
            )
    manifest = {
        "start": start.isoformat(),
        "end": end.isoformat(),
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


def measure(backend: str, folder: Path, repeat: int) -> None:
    from django.db import connection

    t0 = time.perf_counter()
    manifest = load(folder)
    log(f"[{backend}] loaded and analysed in {time.perf_counter() - t0:.1f} s")

    from coproduce.communities.models import Community
    from coproduce.insights.report import insights_compute
    from coproduce.insights.selectors import grid_position

    community = Community.objects.get(pk=COMMUNITY_ID)
    start, end = dt.datetime.fromisoformat(manifest["start"]), dt.datetime.fromisoformat(manifest["end"])

    def sql(statement: str):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(statement)
                cursor.fetchall()

        return run

    parts: list[dict[str, float]] = []

    def full():
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
    print(RESULT + json.dumps({"backend": backend, "times": times}), flush=True)


# ---------------------------------------------------------------------------------------------------------
# Parent: generate once, run each backend in its own process, summarise


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} s  ({min(values):.2f}–{max(values):.2f})"


def run(cmd: list[str], results: dict | None = None, backend: str = "") -> None:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)  # noqa: S603
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(RESULT) and results is not None:
            results[backend] = json.loads(line[len(RESULT) :])["times"]
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

    results: dict[str, dict[str, list[float]]] = {}
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
    for backend, times in results.items():
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
            print(f"  {label:36} {summary(times[name])}  {ratio:6.1f}× floor")
    print("  * timed inside each full computation, which computes the parts they share once")
    chosen = "postgresql" if "postgresql" in results else next(iter(results))
    ratio = statistics.median(results[chosen]["full"]) / statistics.median(results[chosen]["floor"])
    suffix = "" if chosen == "postgresql" else f" ({chosen})"
    print(f"insights ratio: {ratio:.2f}{suffix}")


if __name__ == "__main__":
    main()
