"""Figures that come from the ledger: the spread of balances and hours moved by category."""

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.core.testing import make_member
from coproduce.insights.domain import Period
from coproduce.insights.report import insights_compute
from coproduce.insights.selectors import principle_indicators

ledger = pytest.importorskip("coproduce.ledger.services")


@pytest.fixture
def period():
    # transfers are stamped when they are posted, so the period ends tomorrow
    end = timezone.now() + dt.timedelta(days=1)
    return Period(end - dt.timedelta(days=30), end)


def balance_spread(community, period):
    result = principle_indicators(community=community, start=period.start, end=period.end)
    return next(i for i in result["MUTUALITY"] if i.code == "balance_spread")


def test_balance_spread_in_hours(community, coordinator, period):
    a, b, c = (make_member(community) for _ in range(3))
    assert balance_spread(community, period).value is None  # no accounts yet
    accounts = [ledger.account_open(community=community, membership=m) for m in (a, b, c)]
    assert balance_spread(community, period).value == 0.0  # three accounts, all at zero
    # b gives a three hours and c three hours: balances +3, -6, +3 hours
    ledger.transfer_create(
        actor=coordinator,
        community=community,
        from_account=accounts[1],
        to_account=accounts[0],
        minutes=180,
        kind="exchange",
        idempotency_key="one",
    )
    ledger.transfer_create(
        actor=coordinator,
        community=community,
        from_account=accounts[1],
        to_account=accounts[2],
        minutes=180,
        kind="exchange",
        idempotency_key="two",
    )
    # mean 0; variance (9 + 36 + 9) / 3 = 18; standard deviation 4.24 hours
    spread = balance_spread(community, period)
    assert spread.value == pytest.approx(4.24)
    assert spread.denominator == 3


def test_hours_moved_through_the_ledger_by_category(community, coordinator, period):
    a, b = make_member(community), make_member(community)
    one = ledger.account_open(community=community, membership=a)
    two = ledger.account_open(community=community, membership=b)
    ledger.transfer_create(
        actor=coordinator,
        community=community,
        from_account=one,
        to_account=two,
        minutes=90,
        kind="exchange",
        category="Gardening",
        idempotency_key="g1",
    )
    ledger.transfer_create(
        actor=coordinator,
        community=community,
        from_account=two,
        to_account=one,
        minutes=30,
        kind="exchange",
        category="Gardening",
        idempotency_key="g2",
    )
    wrong = ledger.transfer_create(
        actor=coordinator,
        community=community,
        from_account=one,
        to_account=two,
        minutes=600,
        kind="exchange",
        category="Company",
        idempotency_key="c1",
    )
    ledger.transfer_reverse(
        actor=coordinator, community=community, transfer=wrong, reason="typo", idempotency_key="c1-back"
    )
    report = insights_compute(community=community, start=period.start, end=period.end)["funder"]
    # 90 + 30 minutes of gardening = 2 hours; the reversed transfer and its reversal are left out
    assert report["ledger"] == [
        {"kind": "exchange", "label": "Exchange", "category": "Gardening", "transfers": 2, "hours": 2.0}
    ]
