import pytest

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import ERR_NAME_REQUIRED, ERR_SLUG_TAKEN, ERR_TIMEZONE, community_create
from coproduce.core.errors import DomainError
from coproduce.core.testing import make_user


@pytest.mark.django_db
def test_creator_becomes_the_first_administrator():
    founder = make_user()
    community = community_create(actor=founder, name="Lakeside Time Bank")
    assert community.slug == "lakeside-time-bank"
    membership = Membership.objects.get(community=community, user=founder)
    assert (membership.role, membership.status, membership.member_number) == ("admin", "active", 1)
    assert AuditEvent.objects.filter(community=community, action="community.create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "message", "field"), [
    ({"name": "  "}, ERR_NAME_REQUIRED, "name"),
    ({"name": "Lakeside", "timezone_name": "Mars/Base"}, ERR_TIMEZONE, "timezone"),
])
def test_refuses_bad_input(fields, message, field):
    with pytest.raises(DomainError) as error:
        community_create(actor=make_user(), **fields)
    assert (error.value.message, error.value.field) == (message, field)
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_refuses_a_taken_short_name():
    community_create(actor=make_user(), name="Lakeside")
    with pytest.raises(DomainError, match=str(ERR_SLUG_TAKEN)):
        community_create(actor=make_user(), name="Other", slug="lakeside")
    assert Community.objects.count() == 1
