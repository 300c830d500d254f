"""Fixtures for the link-ups tests."""

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.communities.models import Membership
from coproduce.core.testing import make_member
from coproduce.linkups.tests.factories import link, make_household, train_and_check


@pytest.fixture
def coach(community) -> Membership:
    return make_member(community, kind=Membership.Kind.PROFESSIONAL, name="Cleo Coach")


@pytest.fixture
def seeking(coordinator):
    return make_household(
        coordinator,
        name="Haddad family",
        role="seeking",
        adults=("Rana Haddad",),
        children=(7, 12),
        languages=["Arabic", "English"],
    )


@pytest.fixture
def sharing(coordinator):
    household = make_household(
        coordinator, name="Lee family", role="sharing", adults=("Sam Lee",), children=(8,), languages=["English"]
    )
    train_and_check(coordinator, household)
    return household


@pytest.fixture
def linkup(coordinator, seeking, sharing, coach):
    return link(coordinator, seeking, sharing, coach)


@pytest.fixture
def linkup_since_last_week(coordinator, seeking, sharing, coach):
    """A link-up that started a week ago, so check-ins a few hours back are after its start at any time of day."""
    return link(coordinator, seeking, sharing, coach, starts_on=timezone.localdate() - dt.timedelta(days=7))
