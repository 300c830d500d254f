import datetime as dt

import pytest
from django.utils import timezone

from coproduce.communities.models import Membership
from coproduce.communities.selectors import (
    applications_overdue,
    checks_expiring,
    member_directory,
    membership_get,
    memberships_of_user,
)
from coproduce.communities.services import asset_create, check_record, membership_apply
from coproduce.core.errors import NotFound
from coproduce.core.testing import make_member, make_user


@pytest.mark.django_db
def test_directory_finds_by_asset_once_and_leaves_out_inactive_people(community, member, other_member):
    asset_create(actor=member, community=community, membership=member, kind="skill", title="Garden design")
    asset_create(actor=member, community=community, membership=member, kind="interest", title="Gardening")
    make_member(community, status=Membership.Status.SUSPENDED, name="Gardener Suspended")
    assert list(member_directory(community=community, query="garden")) == [member]
    assert list(member_directory(community=community, query="\x00garden")) == [member]


@pytest.mark.django_db
def test_overdue_applications_are_those_older_than_the_community_allows(community):
    old = membership_apply(user=make_user(), community=community)
    membership_apply(user=make_user(), community=community)
    Membership.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert list(applications_overdue(community=community)) == [old]


@pytest.mark.django_db
def test_expiring_checks_within_the_window_only(community, coordinator, member, other_member):
    today = timezone.localdate()
    soon = check_record(actor=coordinator, community=community, membership=member, kind="background", status="passed",
                        expires_on=today + dt.timedelta(days=20))
    check_record(actor=coordinator, community=community, membership=other_member, kind="background", status="passed",
                 expires_on=today + dt.timedelta(days=60))
    assert list(checks_expiring(community=community, within_days=30)) == [soon]


@pytest.mark.django_db
def test_my_memberships_span_communities_but_only_mine(community, other_community, member):
    make_member(other_community, user=member.user)
    make_member(other_community)
    assert {m.community_id for m in memberships_of_user(user=member.user)} == {community.pk, other_community.pk}


@pytest.mark.django_db
def test_members_of_other_communities_look_missing(community, outsider):
    with pytest.raises(NotFound):
        membership_get(community=community, membership_id=outsider.pk)
