import datetime as dt

import pytest

from coproduce.communities.models import Check
from coproduce.communities.services import ERR_CHECK_KIND, ERR_EXPIRY_BEFORE_CHECK, check_record, check_update
from coproduce.core.errors import DomainError, NotFound

DAY = dt.date(2025, 3, 1)


@pytest.mark.django_db
def test_coordinator_records_then_renews_a_check(community, coordinator, member):
    check = check_record(actor=coordinator, community=community, membership=member, kind="background", status="pending",
                         checked_on=DAY)
    check_update(actor=coordinator, community=community, check_id=check.pk, status="passed", expires_on=DAY + dt.timedelta(days=365))
    check.refresh_from_db()
    assert (check.status, check.expires_on, check.recorded_by) == ("passed", DAY + dt.timedelta(days=365), coordinator.user)


@pytest.mark.django_db
def test_expiry_before_the_check_is_refused(community, coordinator, member):
    with pytest.raises(DomainError, match=str(ERR_EXPIRY_BEFORE_CHECK)):
        check_record(actor=coordinator, community=community, membership=member, kind="training", status="passed",
                     checked_on=DAY, expires_on=DAY - dt.timedelta(days=1))
    check = check_record(actor=coordinator, community=community, membership=member, kind="training", status="passed", checked_on=DAY)
    with pytest.raises(DomainError, match=str(ERR_EXPIRY_BEFORE_CHECK)):
        check_update(actor=coordinator, community=community, check_id=check.pk, expires_on=DAY - dt.timedelta(days=1))


@pytest.mark.django_db
def test_refuses_unknown_kinds_and_members_cannot_record(community, coordinator, member):
    with pytest.raises(DomainError, match=str(ERR_CHECK_KIND)):
        check_record(actor=coordinator, community=community, membership=member, kind="vibes", status="passed")
    with pytest.raises(NotFound):
        check_record(actor=member, community=community, membership=member, kind="reference", status="passed")
    assert not Check.objects.exists()


@pytest.mark.django_db
def test_checks_of_people_elsewhere_are_out_of_reach(community, coordinator, outsider, other_community):
    with pytest.raises(NotFound):
        check_record(actor=coordinator, community=community, membership=outsider, kind="reference", status="passed")
    theirs = check_record(actor=outsider, community=other_community, membership=outsider, kind="reference", status="pending")
    with pytest.raises(NotFound):
        check_update(actor=coordinator, community=community, check_id=theirs.pk, status="failed")
