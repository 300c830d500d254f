"""Ledger throughput: `transfer_create` against a minimal hand-written SQL ledger, on SQLite and PostgreSQL.

    .venv/bin/python bench/ledger.py [--duration 1.5] [--repeats 3] [--writers 1,2,4,8] [--engines sqlite,pg]

Each engine runs in its own child process with its own scratch database (a temporary SQLite file; a PostgreSQL
database `ledger_bench` that is dropped and re-created, on the server of $BENCH_PG_URL or
postgres://postgres@127.0.0.1:5432). Both ledgers get 1,000 accounts and realistic history (tens of thousands of
transfers) before anything is measured, then ANALYZE. Writers are separate processes, each with its own
connection, so Python's GIL does not serialise them; client and server share the machine's cores.

The minimal SQL ledger locks the two account rows in id order, inserts one transfer and two entries and updates
two balances (7 round trips with BEGIN and COMMIT), through psycopg / sqlite3 directly, with psycopg's default
automatic prepared statements. The service layer is `transfer_create` with the project's settings, as a
coordinator: validation, authorisation, the idempotency key, hard and soft limits, an audit row per transfer,
in 4 round trips on PostgreSQL (BEGIN, lock, one write statement, COMMIT; see ledger/services/posting.py).
Tables are created from the models (as `pytest --nomigrations` does), which gives the same schema far faster
than replaying every app's migrations. The statement page is rendered through the whole Django stack with the
test client, interleaved with the same page for an account with no entries.

Runs are interleaved A/B and repeated; figures are medians with the min-max range. The last line is
`ledger ratio pg 4 writers: <service-layer / minimal SQL>`.
"""

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = 1000
SEED_TRANSFERS = 40_000
STATEMENT_ENTRIES = 10_000
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = "ledger_bench"
LIMIT = 10_000_000  # wide limits: the checks run on every transfer but random traffic does not trip them


# ---------------------------------------------------------------------------------------------------------------
# The minimal hand-written ledger (baseline)

BASELINE_SCHEMA = {
    "postgresql": [
        "CREATE TABLE bench_account (id bigserial PRIMARY KEY, balance bigint NOT NULL DEFAULT 0)",
        """CREATE TABLE bench_transfer (id bigserial PRIMARY KEY,
            from_id bigint NOT NULL REFERENCES bench_account(id), to_id bigint NOT NULL REFERENCES bench_account(id),
            minutes integer NOT NULL CHECK (minutes > 0), created_at timestamptz NOT NULL DEFAULT now())""",
        """CREATE TABLE bench_entry (id bigserial PRIMARY KEY, transfer_id bigint NOT NULL REFERENCES bench_transfer(id),
            account_id bigint NOT NULL REFERENCES bench_account(id), amount integer NOT NULL,
            balance_after bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())""",
        "CREATE INDEX bench_entry_statement ON bench_entry (account_id, id)",
    ],
    "sqlite": [
        "CREATE TABLE bench_account (id integer PRIMARY KEY, balance bigint NOT NULL DEFAULT 0)",
        """CREATE TABLE bench_transfer (id integer PRIMARY KEY, from_id bigint NOT NULL REFERENCES bench_account(id),
            to_id bigint NOT NULL REFERENCES bench_account(id), minutes integer NOT NULL CHECK (minutes > 0),
            created_at text NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
        """CREATE TABLE bench_entry (id integer PRIMARY KEY, transfer_id bigint NOT NULL REFERENCES bench_transfer(id),
            account_id bigint NOT NULL REFERENCES bench_account(id), amount integer NOT NULL,
            balance_after bigint NOT NULL, created_at text NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
        "CREATE INDEX bench_entry_statement ON bench_entry (account_id, id)",
    ],
}


def baseline_connect(engine: str, target: str):
    if engine == "postgresql":
        import psycopg

        return psycopg.connect(target)
    import sqlite3

    conn = sqlite3.connect(target, timeout=30, isolation_level=None)
    conn.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
    return conn


def baseline_transfer(engine: str, conn, a: int, b: int, minutes: int) -> None:
    first, second = sorted((a, b))
    if engine == "postgresql":
        with conn.transaction(), conn.cursor() as cur:
            rows = dict(
                cur.execute(
                    "SELECT id, balance FROM bench_account WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                    ([first, second],),
                ).fetchall()
            )
            new_a, new_b = rows[a] - minutes, rows[b] + minutes
            (tid,) = cur.execute(
                "INSERT INTO bench_transfer (from_id, to_id, minutes) VALUES (%s, %s, %s) RETURNING id", (a, b, minutes)
            ).fetchone()
            cur.execute(
                "INSERT INTO bench_entry (transfer_id, account_id, amount, balance_after) VALUES (%s, %s, %s, %s), (%s, %s, %s, %s)",
                (tid, a, -minutes, new_a, tid, b, minutes, new_b),
            )
            cur.execute("UPDATE bench_account SET balance = balance - %s WHERE id = %s", (minutes, a))
            cur.execute("UPDATE bench_account SET balance = balance + %s WHERE id = %s", (minutes, b))
        return
    cur = conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    try:
        rows = dict(
            cur.execute(
                "SELECT id, balance FROM bench_account WHERE id IN (?, ?) ORDER BY id", (first, second)
            ).fetchall()
        )
        new_a, new_b = rows[a] - minutes, rows[b] + minutes
        tid = cur.execute(
            "INSERT INTO bench_transfer (from_id, to_id, minutes) VALUES (?, ?, ?)", (a, b, minutes)
        ).lastrowid
        cur.execute(
            "INSERT INTO bench_entry (transfer_id, account_id, amount, balance_after) VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
            (tid, a, -minutes, new_a, tid, b, minutes, new_b),
        )
        cur.execute("UPDATE bench_account SET balance = balance - ? WHERE id = ?", (minutes, a))
        cur.execute("UPDATE bench_account SET balance = balance + ? WHERE id = ?", (minutes, b))
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


# ---------------------------------------------------------------------------------------------------------------
# Child process: one engine


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Production-like: DEBUG off, so Django does not keep a log of every query.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DEBUG"] = "false"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _bulk(connection, table: str, columns: str, rows: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(rows[0]))
    with connection.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def seed(engine: str, baseline_target: str) -> dict:
    """Accounts and history for both ledgers, written in bulk (the measurements start after this)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from coproduce.communities.models import Community, Membership, User
    from coproduce.ledger.models import Account

    rng = random.Random(7)
    now = timezone.now()
    t0 = time.perf_counter()
    with transaction.atomic():
        community = Community.objects.create(
            slug="bench",
            name="Bench Time Bank",
            default_floor_minutes=-LIMIT,
            default_ceiling_minutes=LIMIT,
            default_soft_floor_minutes=-LIMIT,
            default_soft_ceiling_minutes=LIMIT,
        )
        users = User.objects.bulk_create(
            [User(email=f"bench{n}@example.org", name=f"Bench {n}", password="!") for n in range(ACCOUNTS)]  # noqa: S106 - unusable
        )
        memberships = Membership.objects.bulk_create(
            [
                Membership(
                    community=community,
                    user=u,
                    status=Membership.Status.ACTIVE,
                    member_number=n + 1,
                    role=Membership.Role.COORDINATOR if n == 0 else Membership.Role.MEMBER,
                    joined_at=now,
                )
                for n, u in enumerate(users)
            ]
        )
        accounts = Account.objects.bulk_create(
            [Account(community=community, membership=m, floor=-LIMIT, ceiling=LIMIT) for m in memberships]
        )
        ids = [a.pk for a in accounts]
        hot = ids[0]
        quiet_user = User.objects.create(email="quiet@example.org", name="Quiet", password="!")  # noqa: S106 - unusable
        quiet = Account.objects.create(
            community=community,
            floor=-LIMIT,
            ceiling=LIMIT,
            membership=Membership.objects.create(
                community=community,
                user=quiet_user,
                member_number=ACCOUNTS + 1,
                status=Membership.Status.ACTIVE,
                joined_at=now,
            ),
        )
        balances = dict.fromkeys(ids, 0)
        pairs = []
        for n in range(SEED_TRANSFERS + STATEMENT_ENTRIES):
            a, b = rng.sample(ids, 2)
            if n >= SEED_TRANSFERS:  # one account with a long history, for the statement page
                a, b = (hot, b) if b != hot else (hot, a)
                if rng.random() < 0.5:
                    a, b = b, a
            pairs.append((a, b, rng.choice((15, 30, 45, 60, 90, 120, 180))))
        stamp = connection.ops.adapt_datetimefield_value(now)
        rows_t, rows_e, rows_a = [], [], []
        for tid, (a, b, minutes) in enumerate(pairs, start=1):
            balances[a] -= minutes
            balances[b] += minutes
            rows_t.append((tid, stamp, stamp, community.pk, a, b, minutes, "exchange", "", "Gardening", f"seed-{tid}"))
            rows_e.append((stamp, stamp, community.pk, tid, a, -minutes, balances[a]))
            rows_e.append((stamp, stamp, community.pk, tid, b, minutes, balances[b]))
            rows_a.append(
                (
                    community.pk,
                    "ledger.transfer.exchange",
                    "ledger.transfer",
                    str(tid),
                    json.dumps({"minutes": [None, minutes]}),
                    stamp,
                )
            )
        _bulk(
            connection,
            "ledger_transfer",
            "id, created_at, updated_at, community_id, from_account_id, to_account_id, "
            "minutes, kind, memo, category, idempotency_key",
            rows_t,
        )
        _bulk(
            connection,
            "ledger_entry",
            "created_at, updated_at, community_id, transfer_id, account_id, amount, balance_after",
            rows_e,
        )
        _bulk(
            connection, "audit_auditevent", "community_id, action, object_type, object_id, changes, created_at", rows_a
        )
        with connection.cursor() as c:
            c.executemany("UPDATE ledger_account SET balance = %s WHERE id = %s", [(v, k) for k, v in balances.items()])
            if connection.vendor == "postgresql":
                c.execute(
                    "SELECT setval(pg_get_serial_sequence('ledger_transfer', 'id'), (SELECT max(id) FROM ledger_transfer))"
                )

    print(f"  service tables seeded in {time.perf_counter() - t0:.1f}s", flush=True)
    t0 = time.perf_counter()
    # The same history for the baseline tables.
    conn = baseline_connect(engine, baseline_target)
    ph = "%s" if engine == "postgresql" else "?"
    cur = conn.cursor()
    if engine == "sqlite":
        cur.execute("BEGIN")
    for statement in BASELINE_SCHEMA[engine]:
        cur.execute(statement)
    cur.executemany(f"INSERT INTO bench_account (id, balance) VALUES ({ph}, 0)", [(n,) for n in range(1, ACCOUNTS + 1)])
    base_balances = dict.fromkeys(range(1, ACCOUNTS + 1), 0)
    rows_t, rows_e = [], []
    position = {pk: n for n, pk in enumerate(ids, start=1)}
    for tid, (a, b, minutes) in enumerate(pairs, start=1):
        a, b = position[a], position[b]
        base_balances[a] -= minutes
        base_balances[b] += minutes
        rows_t.append((tid, a, b, minutes))
        rows_e += [(tid, a, -minutes, base_balances[a]), (tid, b, minutes, base_balances[b])]
    if engine == "postgresql":
        with cur.copy("COPY bench_transfer (id, from_id, to_id, minutes) FROM STDIN") as copy:
            for row in rows_t:
                copy.write_row(row)
        with cur.copy("COPY bench_entry (transfer_id, account_id, amount, balance_after) FROM STDIN") as copy:
            for row in rows_e:
                copy.write_row(row)
    else:
        cur.executemany("INSERT INTO bench_transfer (id, from_id, to_id, minutes) VALUES (?, ?, ?, ?)", rows_t)
        cur.executemany(
            "INSERT INTO bench_entry (transfer_id, account_id, amount, balance_after) VALUES (?, ?, ?, ?)", rows_e
        )
    cur.executemany(
        f"UPDATE bench_account SET balance = {ph} WHERE id = {ph}", [(v, k) for k, v in base_balances.items()]
    )
    if engine == "postgresql":
        cur.execute("SELECT setval('bench_transfer_id_seq', (SELECT max(id) FROM bench_transfer))")
        conn.commit()
        conn.autocommit = True
        conn.execute("ANALYZE")
    else:
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
    conn.close()
    print(f"  baseline tables seeded in {time.perf_counter() - t0:.1f}s", flush=True)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return {
        "community": community.pk,
        "ids": ids,
        "hot": hot,
        "coordinator": memberships[0].pk,
        "quiet": quiet.pk,
    }


def _service_worker(info: dict, barrier, duration: float, results, seed_: int) -> None:
    from django.db import connection

    from coproduce.communities.models import Community, Membership
    from coproduce.ledger.services import transfer_create

    rng = random.Random(seed_)
    community = Community.objects.get(pk=info["community"])
    actor = Membership.objects.select_related("user").get(pk=info["coordinator"])
    ids = info["ids"]

    def one() -> None:
        a, b = rng.sample(ids, 2)
        transfer_create(
            actor=actor,
            community=community,
            from_account=a,
            to_account=b,
            minutes=rng.choice((15, 30, 60)),
            kind="exchange",
            idempotency_key=uuid.uuid4().hex,
        )

    one()  # connect and warm up before the clock starts
    barrier.wait()
    done, deadline = 0, time.perf_counter() + duration
    while time.perf_counter() < deadline:
        one()
        done += 1
    results.put(done)
    connection.close()


def _baseline_worker(engine: str, target: str, barrier, duration: float, results, seed_: int) -> None:
    rng = random.Random(seed_)
    conn = baseline_connect(engine, target)

    def one() -> None:
        a, b = rng.sample(range(1, ACCOUNTS + 1), 2)
        baseline_transfer(engine, conn, a, b, rng.choice((15, 30, 60)))

    one()
    barrier.wait()
    done, deadline = 0, time.perf_counter() + duration
    while time.perf_counter() < deadline:
        one()
        done += 1
    results.put(done)
    conn.close()


def run_writers(kind: str, writers: int, duration: float, info: dict, engine: str, target: str) -> float:
    from django.db import connections

    connections.close_all()  # children open their own connections; none may share the parent's socket
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(writers)
    results = ctx.Queue()
    procs = []
    for n in range(writers):
        seed_ = random.randrange(1 << 30) + n
        if kind == "service":
            p = ctx.Process(target=_service_worker, args=(info, barrier, duration, results, seed_))
        else:
            p = ctx.Process(target=_baseline_worker, args=(engine, target, barrier, duration, results, seed_))
        p.start()
        procs.append(p)
    total = sum(results.get(timeout=duration + 120) for _ in procs)
    for p in procs:
        p.join()
        if p.exitcode:
            raise RuntimeError(f"{kind} writer failed with exit code {p.exitcode}")
    return total / duration


def statement_render(info: dict, repeats: int = 15) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds to render the first statement page of the account with 10,000 entries, through the full Django
    stack (middleware, session, navigation, template), and, interleaved, the same page for an account with no
    entries: the baseline, so the difference is what the history costs. Also the CPU time the rendering process
    spent on the long page, which a busy machine inflates far less than the wall-clock time."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from coproduce.communities.models import Membership
    from coproduce.ledger.models import Entry

    assert Entry.objects.filter(account_id=info["hot"]).count() >= STATEMENT_ENTRIES
    assert not Entry.objects.filter(account_id=info["quiet"]).exists()
    coordinator = Membership.objects.select_related("user", "community").get(pk=info["coordinator"])
    client = Client()
    client.force_login(coordinator.user)
    urls = [reverse("ledger:statement", args=[coordinator.community.slug, pk]) for pk in (info["hot"], info["quiet"])]
    times: tuple[list[float], list[float]] = ([], [])
    cpu: list[float] = []
    for n in range(repeats + 1):
        for url, series in zip(urls, times, strict=True):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed, elapsed_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
            assert response.status_code == 200, response.status_code
            if n:  # the first round warms caches and templates
                series.append(elapsed)
                if series is times[0]:
                    cpu.append(elapsed_cpu)
    connection.close()
    return times[0], times[1], cpu


def verify() -> str:
    from coproduce.ledger.verify import ledger_verify

    report = ledger_verify()
    return "clean" if report.ok else f"{len(report.problems)} problems: {report.problems[:3]}"


def child(engine: str, writers: list[int], repeats: int, duration: float) -> None:
    if engine == "pg":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            admin.execute(f"CREATE DATABASE {PG_DB}")
        url = f"{PG_SERVER}/{PG_DB}"
        backend, target, tmp = "postgresql", url, None
    else:
        tmp = tempfile.mkdtemp(prefix="ledger-bench-")
        path = os.path.join(tmp, "bench.sqlite3")
        url = f"sqlite:///{path}"
        backend, target = "sqlite", path
    setup_django(url)
    from django.core.management import call_command

    started = time.perf_counter()
    # Tables straight from the models (as `pytest --nomigrations` does) rather than replaying every app's
    # migration history: the same tables, indexes and constraints, in a fraction of the time.
    from django.conf import settings

    class _NoMigrations(dict):
        def __contains__(self, item):
            return True

        def __getitem__(self, item):
            return None

    settings.MIGRATION_MODULES = _NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)
    print(f"[{engine}] schema created in {time.perf_counter() - started:.1f}s", flush=True)
    info = seed(backend, target)
    print(
        f"[{engine}] seeded {ACCOUNTS} accounts, {SEED_TRANSFERS + STATEMENT_ENTRIES} transfers per ledger and "
        f"analysed in {time.perf_counter() - started:.1f}s",
        flush=True,
    )

    results: dict = {}
    for w in writers:
        figures: dict[str, list[float]] = {"service": [], "sql": []}
        for rep in range(repeats):
            order = ("service", "sql") if rep % 2 == 0 else ("sql", "service")
            for kind in order:
                figures[kind].append(run_writers(kind, w, duration, info, backend, target))
        results[w] = figures
        s, b = figures["service"], figures["sql"]
        print(
            f"[{engine}] {w} writer(s): service {statistics.median(s):7.0f}/s ({min(s):.0f}–{max(s):.0f})   "
            f"minimal SQL {statistics.median(b):7.0f}/s ({min(b):.0f}–{max(b):.0f})   "
            f"ratio {statistics.median(s) / statistics.median(b):.2f}",
            flush=True,
        )
    long_history, empty, cpu = statement_render(info)
    med = statistics.median(long_history)
    print(
        f"[{engine}] statement page, account with {STATEMENT_ENTRIES:,} entries: {med:.1f} ms "
        f"({min(long_history):.1f}–{max(long_history):.1f}), of which CPU in the web process {statistics.median(cpu):.1f} ms; "
        f"same page, empty account: {statistics.median(empty):.1f} ms ({min(empty):.1f}–{max(empty):.1f})",
        flush=True,
    )
    status = verify()
    print(f"[{engine}] ledger verify after the run: {status}", flush=True)
    print(
        "RESULT " + json.dumps({"engine": engine, "results": results, "statement_ms": med, "verify": status}),
        flush=True,
    )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1.5, help="seconds per measurement")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--writers", default="1,2,4,8")
    parser.add_argument("--engines", default="sqlite,pg")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    writers = [int(w) for w in args.writers.split(",")]
    if args.child:
        child(args.child, writers, args.repeats, args.duration)
        return

    started = time.perf_counter()
    print(
        f"Ledger benchmark: {ACCOUNTS} accounts, {args.repeats} interleaved repeats of {args.duration:g}s per figure, "
        f"writers {writers}; {os.cpu_count()} CPUs shared by clients and database",
        flush=True,
    )
    summary: dict[str, dict] = {}
    for engine in args.engines.split(","):
        proc = subprocess.run(  # noqa: S603 - this very script, with fixed arguments
            [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--duration",
                str(args.duration),
                "--repeats",
                str(args.repeats),
                "--writers",
                args.writers,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        for line in proc.stdout.splitlines():
            if line.startswith("RESULT "):
                summary[engine] = json.loads(line[len("RESULT ") :])
            else:
                print(line, flush=True)
        if proc.returncode:
            print(proc.stderr[-4000:], file=sys.stderr)
            raise SystemExit(f"{engine} benchmark failed")

    print(f"Total time {time.perf_counter() - started:.0f}s")
    for engine, data in summary.items():
        ratios = []
        for w, figs in data["results"].items():
            ratios.append(f"{w}w {statistics.median(figs['service']) / statistics.median(figs['sql']):.2f}")
        print(
            f"{engine}: service/minimal-SQL {', '.join(ratios)}; statement page {data['statement_ms']:.1f} ms; verify {data['verify']}"
        )
    pg = summary.get("pg", {}).get("results", {}).get("4")
    ratio = statistics.median(pg["service"]) / statistics.median(pg["sql"]) if pg else float("nan")
    print(f"ledger ratio pg 4 writers: {ratio:.2f}")


if __name__ == "__main__":
    main()
