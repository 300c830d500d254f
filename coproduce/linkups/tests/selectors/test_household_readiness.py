import datetime as dt

import pytest
from django.utils import timezone

from coproduce.linkups.selectors import household_readiness
from coproduce.linkups.services import household_check_record, programme_settings_update
from coproduce.linkups.tests.factories import make_household, train_and_check


@pytest.mark.django_db
def test_ready_when_every_adult_is_trained_and_checked_in_date(coordinator):
    household = make_household(coordinator, role="sharing", adults=("Sam Lee", "Alex Lee"))
    train_and_check(coordinator, household, expires_on=timezone.localdate() + dt.timedelta(days=300))

    readiness = household_readiness(community=coordinator.community, household=household)

    assert readiness.ready
    assert [[c.state for c in a.checks] for a in readiness.adults] == [["valid", "valid"], ["valid", "valid"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("pending", "Sam Lee's background check is still pending"),
        ("failed", "Sam Lee did not pass the background check"),
    ],
)
def test_names_pending_and_failed_checks(coordinator, status, expected):
    household = make_household(coordinator, role="sharing", adults=("Sam Lee",))
    train_and_check(coordinator, household, kinds=("training",))
    train_and_check(coordinator, household, kinds=("background",), status=status)

    assert household_readiness(community=coordinator.community, household=household).missing == [expected]


@pytest.mark.django_db
def test_a_passed_check_outranks_an_older_expired_one(coordinator):
    household = make_household(coordinator, role="sharing", adults=("Sam Lee",))
    person = household.people.get()
    household_check_record(
        actor=coordinator,
        community=coordinator.community,
        person_id=person.pk,
        kind="background",
        status="passed",
        checked_on=dt.date(2020, 1, 1),
        expires_on=dt.date(2021, 1, 1),
    )
    train_and_check(coordinator, household)

    assert household_readiness(community=coordinator.community, household=household).ready


@pytest.mark.django_db
def test_a_reference_is_needed_when_the_programme_asks_for_one(coordinator):
    household = make_household(coordinator, role="sharing", adults=("Sam Lee",))
    train_and_check(coordinator, household)
    programme_settings_update(actor=coordinator, community=coordinator.community, require_reference=True)

    assert household_readiness(community=coordinator.community, household=household).missing == [
        "Sam Lee has no reference recorded"
    ]


@pytest.mark.django_db
def test_a_seeking_family_or_one_without_adults_is_not_ready(coordinator):
    seeking = make_household(coordinator, name="Haddad family", role="seeking")
    empty = make_household(coordinator, name="Empty family", role="sharing", adults=())

    assert (
        "Haddad family is not registered as a sharing family"
        in household_readiness(community=coordinator.community, household=seeking).missing
    )
    assert household_readiness(community=coordinator.community, household=empty).missing == [
        "no adults are recorded in Empty family"
    ]
