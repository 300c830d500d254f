"""Many writers at once among a few hot accounts, with racing retries of the same idempotency keys.

Afterwards no minute is lost or duplicated, no hard limit is crossed and the books verify. On PostgreSQL the
writers run truly in parallel under row locks; on SQLite (IMMEDIATE transactions) they must queue for the
database lock rather than fail with "database is locked".
"""

import random
import tempfile
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, connections

from coproduce.core.errors import DomainError
from coproduce.core.testing import make_community, make_member
from coproduce.ledger import services
from coproduce.ledger.models import Account, Entry, Transfer
from coproduce.ledger.selectors import account_for_membership, community_pool
from coproduce.ledger.verify import ledger_verify

THREADS = 8
INTENTS = 90
ATTEMPTS_PER_INTENT = 3  # each key is tried by three different threads, so retries race
FLOOR = -300


def _setup() -> dict:
    community = make_community(slug=f"hot-{random.randrange(10**9)}")
    coordinator = make_member(community, role="coordinator")
    members = [make_member(community) for _ in range(4)]
    hot = [account_for_membership(community=community, membership=m) for m in members]
    for account in hot:
        services.account_limits_update(
            actor=coordinator,
            community=community,
            account=account,
            floor=FLOOR,
            soft_floor=FLOOR,
            ceiling=600,
            soft_ceiling=600,
        )
    fund = community_pool(community=community)
    ids = [a.pk for a in hot] + [fund.pk]
    rng = random.Random(2024)
    intents = []
    for n in range(INTENTS):
        source, target = rng.sample(ids, 2)
        intents.append((f"hot-{n}", source, target, rng.choice((15, 30, 60, 90))))
    return {"community": community, "coordinator": coordinator, "hot": [a.pk for a in hot], "intents": intents}


def _hammer(run_in_thread) -> tuple[list[str], dict[str, set[int]]]:
    """Run THREADS writers; return unexpected errors and, per key, the transfer ids the callers were given."""
    state = run_in_thread(_setup)
    attempts = [intent for intent in state["intents"] for _ in range(ATTEMPTS_PER_INTENT)]
    random.Random(7).shuffle(attempts)
    shares = [attempts[n::THREADS] for n in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []
    answers: dict[str, set[int]] = {}
    lock = threading.Lock()

    def writer(share):
        barrier.wait()
        for key, source, target, minutes in share:
            try:
                transfer = services.transfer_create(
                    actor=state["coordinator"],
                    community=state["community"],
                    from_account=source,
                    to_account=target,
                    minutes=minutes,
                    kind="exchange",
                    idempotency_key=key,
                )
            except DomainError as error:
                if error.code not in ("below_floor", "above_ceiling"):
                    with lock:
                        errors.append(f"{key}: {error!r}")
                continue
            except Exception as error:  # any other failure is what this test hunts for
                with lock:
                    errors.append(f"{key}: {error!r}")
                continue
            with lock:
                answers.setdefault(key, set()).add(transfer.pk)

    threads = [threading.Thread(target=run_in_thread, args=(writer, share)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    state["answers"], state["errors"] = answers, errors
    return state


def _assert_books(state) -> None:
    community = state["community"]
    assert state["errors"] == []
    posted = {t.idempotency_key: t for t in Transfer.objects.filter(community=community)}
    intents = {key: (source, target, minutes) for key, source, target, minutes in state["intents"]}
    # every caller of a key was given the same, single transfer: retries never posted twice
    for key, ids in state["answers"].items():
        assert ids == {posted[key].pk}, key
    assert len(posted) == Transfer.objects.filter(community=community).values("idempotency_key").distinct().count()
    for key, transfer in posted.items():
        assert (transfer.from_account_id, transfer.to_account_id, transfer.minutes) == intents[key]
    # no minute lost or duplicated: each balance is exactly what the posted transfers add up to
    expected: dict[int, int] = {}
    for transfer in posted.values():
        expected[transfer.from_account_id] = expected.get(transfer.from_account_id, 0) - transfer.minutes
        expected[transfer.to_account_id] = expected.get(transfer.to_account_id, 0) + transfer.minutes
    for account in Account.objects.filter(community=community):
        assert account.balance == expected.get(account.pk, 0)
    # no hard limit crossed, at any point of any statement
    low = Entry.objects.filter(account_id__in=state["hot"], balance_after__lt=FLOOR).count()
    high = Entry.objects.filter(account_id__in=state["hot"], balance_after__gt=600).count()
    assert (low, high) == (0, 0)
    report = ledger_verify(community=community)
    assert report.ok, report.problems
    assert len(posted) > INTENTS // 3  # the test did post under contention, not only refuse


def _own_connection(fn, *args):
    try:
        return fn(*args)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_on_postgresql_lose_and_duplicate_nothing():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks and truly parallel writers need PostgreSQL; test_writers_on_sqlite_queue_instead_of_failing covers SQLite."
        )
    state = _hammer(lambda fn, *args: _own_connection(fn, *args) if args else fn())
    _assert_books(state)


SCHEMA_APPS = ("communities", "coproduction", "audit", "ledger")


def _file_database():
    """A file-based SQLite database with the tables these services touch. The in-memory test database is
    shared-cache, where a second writer fails at once instead of waiting for the lock."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = Path(tempfile.mkdtemp(prefix="ledger-queue-")) / "db.sqlite3"
    settings = {**connections["default"].settings_dict, "NAME": str(path)}

    def run_in_thread(fn, *args):
        result = {}

        def target():
            connections["default"] = DatabaseWrapper(settings, alias="default")
            try:
                result["value"] = fn(*args)
            finally:
                connections["default"].close()

        if threading.current_thread() is threading.main_thread():
            thread = threading.Thread(target=target)
            thread.start()
            thread.join()
        else:
            target()
        return result.get("value")

    def create_schema():
        models = [m for m in apps.get_models() if m._meta.app_label in SCHEMA_APPS]
        with connections["default"].schema_editor() as editor:
            for model in models:
                editor.create_model(model)

    run_in_thread(create_schema)
    return run_in_thread


@pytest.mark.django_db
def test_writers_on_sqlite_queue_instead_of_failing():
    if connection.vendor != "sqlite":
        pytest.skip(
            "SQLite only: on PostgreSQL, test_parallel_writers_on_postgresql_lose_and_duplicate_nothing covers parallel writers."
        )
    run_in_thread = _file_database()
    state = _hammer(run_in_thread)
    run_in_thread(_assert_books, state)
