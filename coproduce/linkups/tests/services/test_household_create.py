import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import Household, HouseholdRoleChange
from coproduce.linkups.services import household_create
from coproduce.linkups.services.common import ERR_FUTURE_DATE, ERR_NOT_TEXT
from coproduce.linkups.services.households import (
    ERR_AVAILABILITY,
    ERR_CAPACITY,
    ERR_LOCATION_PAIR,
    ERR_LOCATION_RANGE,
    ERR_NAME_REQUIRED,
    ERR_ROLE,
)


@pytest.mark.django_db
def test_registers_a_family_and_starts_its_role_history(community, coordinator):
    household = household_create(
        actor=coordinator,
        community=community,
        name="  Haddad family ",
        role="seeking",
        languages="arabic, English, Arabic",
        neighbourhood="Northfield",
        latitude="51.5",
        longitude=-0.1,
        availability=["weekends", "weekday_evenings"],
    )

    assert household.name == "Haddad family"
    assert household.languages == ["Arabic", "English"]
    assert household.availability == ["weekday_evenings", "weekends"]
    assert (household.latitude, household.longitude) == (Decimal("51.50000"), Decimal("-0.10000"))
    assert list(HouseholdRoleChange.objects.filter(household=household).values_list("role", "started_on")) == [
        ("seeking", timezone.localdate())
    ]
    assert AuditEvent.objects.filter(action="linkups.household.create", object_id=str(household.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"name": " "}, ERR_NAME_REQUIRED, "name"),
        ({"name": "A\x00B"}, ERR_NOT_TEXT, "name"),
        ({"role": "helping"}, ERR_ROLE, "role"),
        ({"availability": ["sundays"]}, ERR_AVAILABILITY, "availability"),
        ({"latitude": 51.5}, ERR_LOCATION_PAIR, "latitude"),
        ({"latitude": 95, "longitude": 0}, ERR_LOCATION_RANGE, "latitude"),
        ({"latitude": "north", "longitude": 0}, ERR_LOCATION_RANGE, "latitude"),
        ({"sharing_capacity": 0}, ERR_CAPACITY, "sharing_capacity"),
        ({"role_since": dt.date.today() + dt.timedelta(days=3)}, ERR_FUTURE_DATE, "role_since"),
    ],
)
def test_refuses_bad_details_and_writes_nothing(community, coordinator, fields, message, field):
    arguments = {"name": "Haddad family", "role": "seeking", **fields}

    with pytest.raises(DomainError) as error:
        household_create(actor=coordinator, community=community, **arguments)

    assert str(error.value) == str(message)
    assert error.value.field == field
    assert Household.objects.count() == 0


@pytest.mark.django_db
def test_coaches_may_register_families_but_members_and_outsiders_may_not(community, member, outsider):
    from coproduce.core.testing import make_member

    coach = make_member(community, kind="professional")
    assert household_create(actor=coach, community=community, name="Lee family", role="sharing").pk
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            household_create(actor=actor, community=community, name="Ng family", role="seeking")
    assert Household.objects.count() == 1
