import pytest

from coproduce.audit.models import AuditEvent
from coproduce.communities.services import ERR_NOT_BROKERED, membership_add_offline, membership_profile_update
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_member_updates_own_profile_and_the_audit_shows_old_and_new(community, member):
    membership_profile_update(actor=member, community=community, membership=member, neighbourhood=" Riverside ", name="Mo")
    member.refresh_from_db()
    assert (member.neighbourhood, member.user.name) == ("Riverside", "Mo")
    event = AuditEvent.objects.get(action="membership.profile_update")
    assert event.changes == {"neighbourhood": ["", "Riverside"], "name": ["Mo Member", "Mo"]}


@pytest.mark.django_db
def test_coordinator_acts_for_a_brokered_member_only(community, coordinator, member):
    person = membership_add_offline(actor=coordinator, community=community, name="Pat")
    membership_profile_update(actor=coordinator, community=community, membership=person, availability="Mornings")
    person.refresh_from_db()
    assert person.availability == "Mornings"
    with pytest.raises(DomainError, match=str(ERR_NOT_BROKERED)):
        membership_profile_update(actor=coordinator, community=community, membership=member, bio="Changed")


@pytest.mark.django_db
def test_members_cannot_edit_each_other_and_outsiders_cannot_edit_anyone(community, member, other_member, outsider):
    with pytest.raises(NotFound):
        membership_profile_update(actor=member, community=community, membership=other_member, bio="x")
    with pytest.raises(NotFound):
        membership_profile_update(actor=outsider, community=community, membership=member, bio="x")


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "field"), [
    ({"neighbourhood": "x" * 121}, "neighbourhood"), ({"phone": "1" * 41}, "phone"), ({"name": " "}, "name"),
    ({"shoe_size": "9"}, None),
])
def test_refuses_bad_values_and_changes_nothing(community, member, fields, field):
    with pytest.raises(DomainError) as error:
        membership_profile_update(actor=member, community=community, membership=member, bio="new", **fields)
    assert error.value.field == field
    member.refresh_from_db()
    assert member.bio == ""
