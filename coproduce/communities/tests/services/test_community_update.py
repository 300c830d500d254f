import pytest

from coproduce.audit.models import AuditEvent
from coproduce.communities.services import ERR_FLOOR, ERR_SOFT_FLOOR, ERR_UNKNOWN_SETTING, community_update
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_admin_changes_settings_and_the_change_is_audited(community, admin_member):
    community_update(actor=admin_member, community=community, hour_value="12.50", application_stale_days=3)
    community.refresh_from_db()
    assert (str(community.hour_value), community.application_stale_days) == ("12.50", 3)
    event = AuditEvent.objects.get(action="community.update")
    assert event.changes["application_stale_days"] == [7, 3]


@pytest.mark.django_db
def test_coordinators_and_outsiders_cannot(community, coordinator, outsider):
    for actor in (coordinator, outsider):
        with pytest.raises(NotFound):
            community_update(actor=actor, community=community, name="Taken over")
    community.refresh_from_db()
    assert community.name == "Riverside Time Bank"


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "field"), [
    ({"default_floor_minutes": 5}, "default_floor_minutes"),
    ({"default_soft_floor_minutes": -100_000}, "default_soft_floor_minutes"),
    ({"timezone": "Nowhere/Land"}, "timezone"),
    ({"locale": "xx"}, "locale"),
    ({"hour_value": "lots"}, "hour_value"),
    ({"name": ""}, "name"),
])
def test_refuses_bad_values_and_changes_nothing(community, admin_member, fields, field):
    with pytest.raises(DomainError) as error:
        community_update(actor=admin_member, community=community, **fields)
    assert error.value.field == field
    community.refresh_from_db()
    assert community.default_floor_minutes == -720
    assert not AuditEvent.objects.filter(action="community.update").exists()


@pytest.mark.django_db
def test_floor_and_soft_floor_messages(community, admin_member):
    with pytest.raises(DomainError, match=str(ERR_FLOOR)):
        community_update(actor=admin_member, community=community, default_floor_minutes=1)
    with pytest.raises(DomainError, match=str(ERR_SOFT_FLOOR)):
        community_update(actor=admin_member, community=community, default_soft_floor_minutes=-10_000)


@pytest.mark.django_db
def test_unknown_settings_are_refused(community, admin_member):
    with pytest.raises(DomainError, match=str(ERR_UNKNOWN_SETTING).split(":")[0]):
        community_update(actor=admin_member, community=community, slug="new-slug")
