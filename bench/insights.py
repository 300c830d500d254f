"""How long insights take for a large community, against one full scan of the contributions table.

    .venv/bin/python bench/insights.py [--members 100000] [--contributions 2000000] [--repeat 3]
                                       [--backends sqlite,postgresql]

Builds one community with N members and M contributions (a time bank's exchanges, mixed shifts, family
link-up sessions and design workshops spread over a year) in scratch databases: a temporary SQLite file
and a PostgreSQL database it creates and drops (`insights_bench` on the server of $BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432). Tables are created straight from the models, bulk-loaded (COPY on
PostgreSQL, executemany in one transaction on SQLite) and ANALYZEd. Then, interleaved and repeated, it
times one scan of the contributions table (the floor), the indicator set, the grid, the network measures
and the full computation a snapshot stores. Each backend runs in its own process.

The last line is `insights ratio: <full computation / one scan>` for PostgreSQL.
"""

import argparse
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


def log(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------------------
# Child: one backend


def setup_django(backend: str, sqlite_path: str) -> None:
    if backend == "postgresql":
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_pg_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(f"CREATE DATABASE {PG_DB}")


def drop_pg_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def create_tables() -> None:
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from coproduce.communities.models import Asset, Community, Membership, User
    from coproduce.coproduction.models import Activity, Contribution, Service

    models = [ContentType, Permission, Group, User, Community, Membership, Asset, Service, Activity, Contribution]
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)


class Loader:
    """Bulk insert rows given as tuples for the listed columns; every other column gets its default."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection
        from django.utils import timezone

        self.connection = connection
        self.table = model._meta.db_table
        self.columns = list(columns)
        now = timezone.now()
        self.fixed: list[tuple[str, object]] = []
        for f in model._meta.concrete_fields:
            if f.column in self.columns or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            else:
                value = ""
            self.fixed.append((f.column, value))
        self.all_columns = self.columns + [c for c, _v in self.fixed]
        self.fixed_values = tuple(self.adapt(v) for _c, v in self.fixed)

    def adapt(self, value):
        if isinstance(value, dt.datetime) and self.connection.vendor == "sqlite":
            return self.connection.ops.adapt_datetimefield_value(value)
        if hasattr(value, "as_tuple"):  # Decimal
            return str(value)
        return value

    def load(self, rows) -> int:
        count = 0
        cursor = self.connection.cursor()
        cols = ", ".join(self.all_columns)
        if self.connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + self.fixed_values)
                    count += 1
        else:
            marks = ", ".join(["?"] * len(self.all_columns))
            raw = cursor.cursor
            batch = []
            for row in rows:
                batch.append(tuple(self.adapt(v) for v in row) + self.fixed_values)
                if len(batch) >= 50_000:
                    raw.executemany(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", batch)
                    count += len(batch)
                    batch = []
            if batch:
                raw.executemany(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", batch)
                count += len(batch)
        cursor.close()
        return count


def generate(members: int, contributions: int, end: dt.datetime) -> dict:
    """Deterministic data: 2 % professionals; members picked with a skew so some are "usual suspects";
    a third of exchanges repay an earlier one in the other direction."""
    from django.db import connection, transaction

    from coproduce.communities.models import Asset, Community, Membership, User
    from coproduce.coproduction.models import Activity, Contribution, Service

    rng = random.Random(42)
    start = end - dt.timedelta(days=365)
    # Foreign keys are checked row by row during a bulk load; the generator only writes valid references.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
    with transaction.atomic():
        community = Community.objects.create(slug="bench", name="Bench Time Bank")
        services = {
            name: Service.objects.create(community=community, name=name)
            for name in ("Time bank", "Shared roles", "Family link-ups", "Service design")
        }
        Loader(User, ["id", "email", "name"]).load((i, None, f"Member {i}") for i in range(1, members + 1))
        professional = [i % 50 == 0 for i in range(members + 1)]
        Loader(
            Membership, ["id", "community_id", "user_id", "kind", "role", "status", "member_number", "joined_at"]
        ).load(
            (
                i,
                community.pk,
                i,
                "professional" if professional[i] else "citizen",
                "coordinator" if professional[i] and i % 1000 == 0 else "member",
                "active",
                i,
                start,
            )
            for i in range(1, members + 1)
        )
        Loader(Asset, ["community_id", "membership_id", "kind", "title"]).load(
            (community.pk, i, "skill", "Gardening") for i in range(1, members + 1) if i % 5 < 2
        )
        pros = [i for i in range(1, members + 1) if professional[i]]
        citizens = [i for i in range(1, members + 1) if not professional[i]]

        def citizen() -> int:
            return citizens[int(len(citizens) * rng.random() ** 1.6)]

        span = (end - start).total_seconds()
        categories = ["Gardening", "Company", "Computers", "Transport", "Cooking", "Forms and letters", "DIY"]
        activities: list[tuple] = []
        contribs: list[tuple] = []
        recent_pairs: list[tuple[int, int]] = []
        total = 0
        activity_id = 0
        expected_activities = contributions / 2.6

        def add_activity(service, kind, phase, step, category, people):
            nonlocal activity_id, total
            activity_id += 1
            # Activities are recorded roughly in the order they happen, as in a live system.
            progress = min(1.0, activity_id / expected_activities)
            when = start + dt.timedelta(seconds=min(span - 1, progress * span + rng.random() * 3600))
            activities.append(
                (activity_id, community.pk, services[service].pk, kind, phase, step, kind, when, category)
            )
            for member, role, minutes in people:
                contribs.append((community.pk, activity_id, member, role, minutes))
            total += len(people)

        # Shares of contributions: exchanges 60 %, shifts 20 %, link-up sessions 6 %, workshops 14 %.
        while total < contributions:
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
                add_activity(
                    "Time bank",
                    "exchange",
                    "deliver",
                    None,
                    rng.choice(categories),
                    [(giver, "gave", minutes), (receiver, "received", minutes)],
                )
            elif roll < 0.911:
                crew = {citizen() for _ in range(3)}
                people = [(pros[rng.randrange(len(pros))], rng.choice(("took_part", "facilitated")), 240)]
                people += [(m, "took_part", 240) for m in crew]
                add_activity("Shared roles", "shift", "deliver", None, "", people)
            elif roll < 0.963:
                sharing, seeking = citizen(), citizen()
                if sharing == seeking:
                    continue
                add_activity(
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
                group = {citizen() for _ in range(8)}
                lead = {pros[rng.randrange(len(pros))] for _ in range(2)}
                people = [(p, "facilitated", 120) for p in lead]
                people += [(m, rng.choice(("took_part", "took_part", "decided")), 120) for m in group]
                add_activity(
                    "Service design",
                    "workshop",
                    rng.choice(("commission", "design", "design")),
                    rng.randint(3, 7),
                    "",
                    people,
                )
        Loader(
            Activity,
            ["id", "community_id", "service_id", "kind", "phase", "ladder_step", "title", "occurred_at", "category"],
        ).load(activities)
        n = Loader(Contribution, ["community_id", "activity_id", "membership_id", "role", "minutes"]).load(contribs)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("ANALYZE")
    return {"community_id": community.pk, "start": start, "end": end, "activities": len(activities), "contributions": n}


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def child(backend: str, args) -> None:
    with tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False) as sqlite_file:
        pass
    if backend == "postgresql":
        create_pg_database()
    try:
        setup_django(backend, sqlite_file.name)
        from django.db import connection
        from django.utils import timezone

        create_tables()
        t0 = time.perf_counter()
        end = timezone.now().replace(microsecond=0)
        info = generate(args.members, args.contributions, end)
        log(
            f"[{backend}] loaded {args.members:,} members, {info['activities']:,} activities, "
            f"{info['contributions']:,} contributions in {time.perf_counter() - t0:.1f} s (ANALYZE done)"
        )

        from coproduce.communities.models import Community
        from coproduce.insights.report import insights_compute
        from coproduce.insights.selectors import grid_position, network_measures, principle_indicators

        community = Community.objects.get(pk=info["community_id"])
        start, end = info["start"], info["end"]

        def floor():
            with connection.cursor() as cursor:
                cursor.execute("SELECT SUM(minutes), COUNT(*) FROM coproduction_contribution")
                cursor.fetchone()

        def indicators():
            principle_indicators(community=community, start=start, end=end)

        def grid():
            grid_position(community=community, start=start, end=end)

        def network():
            network_measures(community=community, start=start, end=end)

        def full():
            insights_compute(community=community, start=start, end=end)

        steps = {"floor": floor, "indicators": indicators, "grid": grid, "network": network, "full": full}
        floor()  # warm the cache once so the first floor is not a cold read
        times: dict[str, list[float]] = {name: [] for name in steps}
        for round_no in range(args.repeat):
            for name, fn in steps.items():
                times[name].append(timed(fn))
            log(f"[{backend}] round {round_no + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()))
        print(RESULT + json.dumps({"backend": backend, "times": times}), flush=True)
    finally:
        os.unlink(sqlite_file.name)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(sqlite_file.name + suffix):
                os.unlink(sqlite_file.name + suffix)
        if backend == "postgresql":
            from django.db import connections

            connections.close_all()
            drop_pg_database()


# ---------------------------------------------------------------------------------------------------------
# Parent: run each backend in its own process and summarise


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} s  ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--contributions", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return

    results = {}
    for backend in args.backends.split(","):
        cmd = [
            sys.executable,
            __file__,
            "--child",
            backend,
            "--members",
            str(args.members),
            "--contributions",
            str(args.contributions),
            "--repeat",
            str(args.repeat),
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)  # noqa: S603
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(RESULT):
                results[backend] = json.loads(line[len(RESULT) :])["times"]
            else:
                print(line, end="", flush=True)
        if proc.wait() != 0:
            sys.exit(f"{backend} run failed")

    print()
    print(f"{args.members:,} members, {args.contributions:,} contributions; median of {args.repeat} (min–max)")
    for backend, times in results.items():
        base = statistics.median(times["floor"])
        print(f"{backend}:")
        for name, label in (
            ("floor", "one scan of contributions (floor)"),
            ("indicators", "indicator set"),
            ("grid", "grid"),
            ("network", "network measures"),
            ("full", "full computation"),
        ):
            ratio = statistics.median(times[name]) / base
            print(f"  {label:36} {summary(times[name])}  {ratio:6.1f}× floor")
    chosen = "postgresql" if "postgresql" in results else next(iter(results))
    ratio = statistics.median(results[chosen]["full"]) / statistics.median(results[chosen]["floor"])
    suffix = "" if chosen == "postgresql" else f" ({chosen})"
    print(f"insights ratio: {ratio:.2f}{suffix}")


if __name__ == "__main__":
    main()
