"""Property-based tests: whatever the input, a service either refuses with a DomainError and changes nothing,
or makes a valid change. It never fails in any other way."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Asset, Check, Community, Membership, PersonalAccessToken
from coproduce.communities.services import (
    asset_create,
    check_record,
    community_update,
    membership_add_offline,
    membership_profile_update,
    token_create,
)
from coproduce.core.errors import DomainError

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
texts = st.text(max_size=300)
anything = st.one_of(texts, st.none(), st.integers(), st.booleans())


def audit_count() -> int:
    return AuditEvent.objects.count()


@pytest.mark.django_db
@SETTINGS
@given(bio=texts, neighbourhood=texts, availability=texts, phone=texts, name=texts)
def test_profile_update(community, member, bio, neighbourhood, availability, phone, name):
    before = Membership.objects.values("bio", "neighbourhood", "availability", "phone").get(pk=member.pk)
    events = audit_count()
    try:
        membership_profile_update(actor=member, community=community, membership=member, bio=bio,
                                  neighbourhood=neighbourhood, availability=availability, phone=phone, name=name)
    except DomainError:
        assert Membership.objects.values("bio", "neighbourhood", "availability", "phone").get(pk=member.pk) == before
        assert audit_count() == events
        return
    member.refresh_from_db()
    assert (member.bio, member.neighbourhood, member.phone) == (bio.strip(), neighbourhood.strip(), phone.strip())
    assert len(member.neighbourhood) <= 120
    assert member.user.name == name.strip() != ""
    assert audit_count() == events + 1


@pytest.mark.django_db
@SETTINGS
@given(kind=st.one_of(st.sampled_from(Asset.Kind.values), texts), title=texts, description=texts)
def test_asset_create(community, member, kind, title, description):
    count = Asset.objects.count()
    try:
        asset = asset_create(actor=member, community=community, membership=member, kind=kind, title=title,
                             description=description)
    except DomainError:
        assert Asset.objects.count() == count
        return
    assert asset.kind in Asset.Kind.values
    assert 0 < len(asset.title) <= 120
    assert asset.community_id == member.community_id == community.pk


@pytest.mark.django_db
@SETTINGS
@given(name=texts, email=st.one_of(st.emails(), texts), phone=texts, kind=st.sampled_from(["citizen", "professional", "x"]))
def test_add_offline(community, coordinator, name, email, phone, kind):
    count = Membership.objects.count()
    try:
        person = membership_add_offline(actor=coordinator, community=community, name=name, email=email, phone=phone, kind=kind)
    except DomainError:
        assert Membership.objects.count() == count
        return
    assert person.is_brokered
    assert person.user.name == name.strip() != ""
    assert Membership.objects.filter(community=community, member_number=person.member_number).count() == 1


@pytest.mark.django_db
@SETTINGS
@given(floor=st.integers(-10**7, 10**7), ceiling=st.integers(-10**7, 10**7), soft_floor=st.integers(-10**7, 10**7),
       soft_ceiling=st.integers(-10**7, 10**7), stale=st.integers(-10, 10**6), hour_value=anything)
def test_community_update_keeps_limits_consistent(community, admin_member, floor, ceiling, soft_floor, soft_ceiling,
                                                  stale, hour_value):
    before = Community.objects.values().get(pk=community.pk)
    try:
        community_update(actor=admin_member, community=community, default_floor_minutes=floor,
                         default_ceiling_minutes=ceiling, default_soft_floor_minutes=soft_floor,
                         default_soft_ceiling_minutes=soft_ceiling, application_stale_days=stale, hour_value=hour_value)
    except DomainError:
        assert Community.objects.values().get(pk=community.pk) == before
        return
    saved = Community.objects.get(pk=community.pk)
    assert saved.default_floor_minutes <= saved.default_soft_floor_minutes <= 0
    assert 0 <= saved.default_soft_ceiling_minutes <= saved.default_ceiling_minutes
    assert saved.application_stale_days >= 0


@pytest.mark.django_db
@SETTINGS
@given(checked_on=st.one_of(st.none(), st.dates()), expires_on=st.one_of(st.none(), st.dates()), title=texts,
       status=st.sampled_from(["pending", "passed", "failed", "lost"]))
def test_check_record(community, coordinator, member, checked_on, expires_on, title, status):
    count = Check.objects.count()
    try:
        check = check_record(actor=coordinator, community=community, membership=member, kind="reference", status=status,
                             title=title, checked_on=checked_on, expires_on=expires_on)
    except DomainError:
        assert Check.objects.count() == count
        return
    assert not (check.checked_on and check.expires_on) or check.expires_on >= check.checked_on
    assert check.status in Check.Status.values


@pytest.mark.django_db
@SETTINGS
@given(name=texts, days=st.one_of(st.none(), st.integers(-10**6, 10**6)))
def test_token_create(member, name, days):
    count = PersonalAccessToken.objects.count()
    try:
        token, raw = token_create(user=member.user, name=name, days=days)
    except DomainError:
        assert PersonalAccessToken.objects.count() == count
        return
    assert raw.startswith("cpt_")
    assert token.expires_at is None or token.expires_at > token.created_at + dt.timedelta(hours=23)
