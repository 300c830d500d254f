"""Coordinators allocating from the fund at the same moment: together they never take more than it holds."""

import contextlib
import random
import threading

import pytest
from django.db import connection

from coproduce.communities.models import Membership
from coproduce.core.errors import DomainError
from coproduce.core.testing import make_community, make_member
from coproduce.ledger.models import Entry
from coproduce.ledger.selectors import account_for_membership, community_pool
from coproduce.ledger.services import posting
from coproduce.ledger.verify import ledger_verify
from coproduce.timebank import services

THREADS = 6
HELD = 100
EACH = 30  # six allocations of 30 from a fund of 100: exactly three fit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_allocations_never_overdraw_the_fund(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and truly parallel writers need PostgreSQL; SQLite queues whole transactions.")
    # given a fund holding 100 minutes and six people in need
    community = make_community(slug=f"fund-race-{random.randrange(10**9)}")
    coordinators = [make_member(community, role="coordinator") for _ in range(THREADS)]
    recipients = [make_member(community) for _ in range(THREADS)]
    donor = make_member(community)
    services.fund_donate(actor=donor, community=community, minutes=HELD, idempotency_key="seed")
    for recipient in recipients:
        account_for_membership(community=community, membership=recipient)

    # Every allocation waits here until all of them have got this far, so each has done whatever it does before
    # the lock while the fund still holds 100: a check made outside the lock would pass for all six.
    arrived = threading.Barrier(THREADS, timeout=10)
    lock = posting._lock

    def lock_together(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            arrived.wait()
        return lock(*args, **kwargs)

    monkeypatch.setattr(posting, "_lock", lock_together)
    granted: list[int] = []
    refused: list[object] = []
    unexpected: list[str] = []
    results = threading.Lock()

    def allocate(n: int) -> None:
        try:
            actor = Membership.objects.select_related("user").get(pk=coordinators[n].pk)
            transfer = services.fund_allocate(
                actor=actor,
                community=community,
                minutes=EACH,
                membership_id=recipients[n].pk,
                reason="Help after a flood",
                idempotency_key=f"race-{n}",
            )
            with results:
                granted.append(transfer.pk)
        except DomainError as error:
            with results:
                (refused if error.field == "minutes" else unexpected).append(error.message)
        except Exception as error:  # any other failure is what this test hunts for
            with results:
                unexpected.append(repr(error))
        finally:
            connection.close()

    # when six coordinators allocate 30 minutes each at once
    threads = [threading.Thread(target=allocate, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly three are granted, the rest get the fund's own message, and the fund never went below zero
    assert unexpected == []
    assert len(granted) == HELD // EACH
    assert refused == [services.ERR_FUND_SHORT] * (THREADS - HELD // EACH)
    fund = community_pool(community=community)
    assert fund.balance == HELD - EACH * (HELD // EACH)
    assert not Entry.objects.filter(account=fund, balance_after__lt=0).exists()
    given = sum(account_for_membership(community=community, membership=r).balance for r in recipients)
    assert given == EACH * (HELD // EACH)
    report = ledger_verify(community=community)
    assert report.ok, report.problems
