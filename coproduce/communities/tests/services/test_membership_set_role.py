import pytest

from coproduce.communities.models import Membership
from coproduce.communities.services import ERR_LAST_ADMIN, membership_set_role
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_admin_promotes_a_member(community, admin_member, member):
    changed = membership_set_role(actor=admin_member, community=community, membership_id=member.pk, role="coordinator")
    assert changed.role == Membership.Role.COORDINATOR


@pytest.mark.django_db
def test_coordinator_suspends_and_reinstates_but_cannot_change_roles(community, coordinator, member):
    membership_set_role(actor=coordinator, community=community, membership_id=member.pk, status="suspended")
    member.refresh_from_db()
    assert member.status == "suspended"
    with pytest.raises(NotFound):
        membership_set_role(actor=coordinator, community=community, membership_id=member.pk, role="admin")


@pytest.mark.django_db
def test_coordinator_cannot_suspend_an_admin(community, coordinator, admin_member):
    with pytest.raises(NotFound):
        membership_set_role(actor=coordinator, community=community, membership_id=admin_member.pk, status="suspended")


@pytest.mark.django_db
def test_the_last_admin_cannot_leave(community, admin_member):
    with pytest.raises(DomainError, match=str(ERR_LAST_ADMIN)):
        membership_set_role(actor=admin_member, community=community, membership_id=admin_member.pk, status="left")
    admin_member.refresh_from_db()
    assert admin_member.status == "active"


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "field"), [({"role": "king"}, "role"), ({"kind": "alien"}, "kind"),
                                               ({"status": "applied"}, "status")])
def test_refuses_unknown_values(community, admin_member, member, fields, field):
    with pytest.raises(DomainError) as error:
        membership_set_role(actor=admin_member, community=community, membership_id=member.pk, **fields)
    assert error.value.field == field


@pytest.mark.django_db
def test_members_elsewhere_look_missing(community, admin_member, outsider):
    with pytest.raises(NotFound):
        membership_set_role(actor=admin_member, community=community, membership_id=outsider.pk, status="suspended")
