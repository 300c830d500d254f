"""Property-based tests of the co-production record: random input is refused cleanly or recorded validly."""

import datetime as dt

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.coproduction.domain import ContributionRole
from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.coproduction.services import ContributionInput, activity_record, service_create, service_update
from coproduce.core.errors import DomainError

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
texts = st.text(max_size=250)


@pytest.fixture
def service(community, coordinator):
    return service_create(actor=coordinator, community=community, name="Lunch club")


@pytest.mark.django_db
@SETTINGS
@given(
    title=texts,
    phase=st.sampled_from(["commission", "design", "deliver", "assess", "dream"]),
    kind=st.sampled_from(["meeting", "workshop", "party"]),
    ladder_step=st.one_of(st.none(), st.integers(-3, 10)),
    offset_hours=st.integers(-24 * 365 * 200, 24 * 30),
    rows=st.lists(st.tuples(st.integers(0, 3), st.sampled_from([*ContributionRole.values, "boss"]),
                            st.integers(-100, 3000)), max_size=5),
)
def test_activity_record(community, coordinator, member, other_member, outsider, service, title, phase, kind,
                         ladder_step, offset_hours, rows):
    people = [member, other_member, coordinator, outsider]
    contributions = [ContributionInput(people[i].pk, role, minutes) for i, role, minutes in rows]
    activities, contributions_before = Activity.objects.count(), Contribution.objects.count()
    try:
        activity = activity_record(actor=coordinator, community=community, service=service, kind=kind, phase=phase,
                                   title=title, ladder_step=ladder_step, contributions=contributions,
                                   occurred_at=timezone.now() + dt.timedelta(hours=offset_hours))
    except DomainError:
        assert (Activity.objects.count(), Contribution.objects.count()) == (activities, contributions_before)
        return
    saved = Contribution.objects.filter(activity=activity)
    assert saved.count() == len(contributions) > 0
    assert saved.aggregate(total=Sum("minutes"))["total"] == sum(c.minutes for c in contributions)
    assert all(0 <= c.minutes <= 1440 for c in saved)
    assert not saved.exclude(membership__community=community).exists()
    assert activity.ladder_step is None or 1 <= activity.ladder_step <= 7


@pytest.mark.django_db
@SETTINGS
@given(name=texts, description=texts, rename=st.one_of(st.none(), texts))
def test_service_create_and_update(community, coordinator, name, description, rename):
    count = Service.objects.count()
    try:
        service = service_create(actor=coordinator, community=community, name=name, description=description)
    except DomainError:
        assert Service.objects.count() == count
        return
    assert service.name == name.strip() != ""
    try:
        service_update(actor=coordinator, community=community, service_id=service.pk, name=rename)
    except DomainError:
        service.refresh_from_db()
        assert service.name == name.strip()
        return
    names = [n.lower() for n in Service.objects.filter(community=community).values_list("name", flat=True)]
    assert len(names) == len(set(names))
