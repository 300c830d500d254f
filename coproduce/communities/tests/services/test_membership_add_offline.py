import pytest

from coproduce.communities.models import Membership, User
from coproduce.communities.services import ERR_EMAIL_INVALID, ERR_EMAIL_TAKEN, ERR_NAME_REQUIRED, membership_add_offline
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_adds_an_active_brokered_member_without_a_login(community, coordinator):
    person = membership_add_offline(actor=coordinator, community=community, name=" Pat ", phone="0123")
    assert (person.user.name, person.status, person.is_brokered, person.phone) == ("Pat", "active", True, "0123")
    assert person.user.email is None
    assert not person.user.has_usable_password()


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, ERR_NAME_REQUIRED),
    ({"name": "Pat", "email": "not an email"}, ERR_EMAIL_INVALID),
])
def test_refuses_bad_input(community, coordinator, fields, message):
    with pytest.raises(DomainError, match=str(message)):
        membership_add_offline(actor=coordinator, community=community, **fields)
    assert Membership.objects.filter(community=community).count() == 1


@pytest.mark.django_db
def test_refuses_an_email_already_in_use(community, coordinator, member):
    with pytest.raises(DomainError, match=str(ERR_EMAIL_TAKEN)):
        membership_add_offline(actor=coordinator, community=community, name="Pat", email=member.user.email.upper())
    assert User.objects.filter(name="Pat").count() == 0


@pytest.mark.django_db
def test_members_cannot_add_people(community, member):
    with pytest.raises(NotFound):
        membership_add_offline(actor=member, community=community, name="Pat")
