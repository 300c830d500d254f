"""Fixtures shared by every test: communities and people in them."""

import pytest

from coproduce.communities.models import Community, Membership
from coproduce.core.testing import make_community, make_member


@pytest.fixture
def community(db) -> Community:
    return make_community(slug="riverside", name="Riverside Time Bank")


@pytest.fixture
def other_community(db) -> Community:
    return make_community(slug="hilltop", name="Hilltop Youth Court")


@pytest.fixture
def admin_member(community) -> Membership:
    return make_member(community, role=Membership.Role.ADMIN, kind=Membership.Kind.PROFESSIONAL, name="Ada Admin")


@pytest.fixture
def coordinator(community) -> Membership:
    return make_member(community, role=Membership.Role.COORDINATOR, kind=Membership.Kind.PROFESSIONAL, name="Cora Coordinator")


@pytest.fixture
def member(community) -> Membership:
    return make_member(community, name="Mo Member")


@pytest.fixture
def other_member(community) -> Membership:
    return make_member(community, name="Olu Other")


@pytest.fixture
def outsider(other_community) -> Membership:
    """A member of another community: must never see or change anything in `community`."""
    return make_member(other_community, role=Membership.Role.ADMIN, name="Xan Outsider")


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request in Spanish leaves the language active in its thread; each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _shipped_data(request):
    """Data that migrations ship (the assessment instrument) is wiped when a transactional test flushes the
    database; put it back for whichever test runs next on that worker."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    request.getfixturevalue("transactional_db" if transactional else "db")
    import importlib

    from django.apps import apps

    from coproduce.assessment.models import Instrument

    if not Instrument.objects.exists():
        importlib.import_module("coproduce.assessment.migrations.0002_instrument_v1").load(apps, None)
