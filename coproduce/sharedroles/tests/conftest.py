"""A small care home: residents, a family member, a volunteer and staff, with a few roles."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from coproduce.communities.models import Membership
from coproduce.core.testing import make_member
from coproduce.sharedroles import services
from coproduce.sharedroles.models import PlaceMember, PlaceRole


def person(community, place_role: str, name: str = "") -> Membership:
    kind = Membership.Kind.PROFESSIONAL if place_role == PlaceRole.STAFF else Membership.Kind.CITIZEN
    membership = make_member(community, kind=kind, name=name)
    PlaceMember.objects.create(community=community, membership=membership, place_role=place_role)
    return membership


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English; a request in another language must not leak into the next test."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def resident(community):
    return person(community, PlaceRole.RESIDENT, "Rita Resident")


@pytest.fixture
def other_resident(community):
    return person(community, PlaceRole.RESIDENT, "Ray Resident")


@pytest.fixture
def family(community):
    return person(community, PlaceRole.FAMILY, "Fay Family")


@pytest.fixture
def volunteer(community):
    return person(community, PlaceRole.VOLUNTEER, "Vic Volunteer")


@pytest.fixture
def staff(community):
    return person(community, PlaceRole.STAFF, "Sam Staff")


@pytest.fixture
def garden(community, coordinator):
    return services.template_create(actor=coordinator, community=community, name="Garden", area="garden")


@pytest.fixture
def kitchen(community, coordinator):
    return services.template_create(
        actor=coordinator,
        community=community,
        name="Kitchen",
        area="kitchen",
        risk_level="medium",
        supervision="alongside_staff",
    )


@pytest.fixture
def care(community, coordinator):
    return services.template_create(
        actor=coordinator,
        community=community,
        name="Medication round",
        area="care",
        risk_level="high",
        supervision="independent",
        allow_residents=False,
        allow_families=False,
        allow_volunteers=False,
    )


def future_shift(community, coordinator, template, *, capacity: int = 3, days: int = 2):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return services.shift_create(
        actor=coordinator,
        community=community,
        template_id=template.pk,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=capacity,
    )


def past_shift(community, coordinator, template, *, capacity: int = 3, days: int = 1):
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=days)
    return services.shift_create(
        actor=coordinator,
        community=community,
        template_id=template.pk,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=capacity,
    )
