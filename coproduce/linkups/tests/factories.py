"""Families for the link-ups tests, made through the services as a coordinator would."""

import datetime as dt

from django.utils import timezone

from coproduce.communities.models import Membership
from coproduce.core.testing import make_member
from coproduce.linkups import services
from coproduce.linkups.services import ConsentInput


def make_household(coordinator, *, name="The Family", role="seeking", adults=("Adult",), children=(), **fields):
    """A household with adults who are community members and children of the given ages."""
    community = coordinator.community
    household = services.household_create(actor=coordinator, community=community, name=name, role=role, **fields)
    for adult in adults:
        membership = make_member(community, name=adult)
        services.household_person_add(
            actor=coordinator, community=community, household_id=household.pk, kind="adult", membership_id=membership.pk
        )
    for index, age in enumerate(children):
        services.household_person_add(
            actor=coordinator,
            community=community,
            household_id=household.pk,
            kind="child",
            name=f"Child {index + 1}",
            age=age,
        )
    return household


def train_and_check(
    coordinator, household, *, kinds=("training", "background"), status="passed", expires_on: dt.date | None = None
):
    for person in household.people.filter(kind="adult"):
        for kind in kinds:
            services.household_check_record(
                actor=coordinator,
                community=coordinator.community,
                person_id=person.pk,
                kind=kind,
                status=status,
                checked_on=timezone.localdate() - dt.timedelta(days=30),
                expires_on=expires_on,
            )


def consent_of(household, on: dt.date | None = None) -> ConsentInput:
    adult = household.people.filter(kind="adult").order_by("id").first()
    return ConsentInput(person_id=adult.pk, given_on=on or timezone.localdate())


def link(coordinator, seeking, sharing, coach, *, planned_weeks=10, starts_on=None):
    return services.linkup_create(
        actor=coordinator,
        community=coordinator.community,
        seeking_id=seeking.pk,
        sharing_id=sharing.pk,
        coach_id=coach.pk,
        planned_weeks=planned_weeks,
        starts_on=starts_on,
        seeking_consent=consent_of(seeking, starts_on),
        sharing_consent=consent_of(sharing, starts_on),
    )


def adult_membership(household) -> Membership:
    return household.people.filter(kind="adult").order_by("id").first().membership
