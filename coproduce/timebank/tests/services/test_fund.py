import re

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger import services as ledger_services
from coproduce.ledger.models import Transfer
from coproduce.ledger.selectors import account_for_membership, community_pool
from coproduce.timebank import services
from coproduce.timebank.tests.conftest import brokered_member


@pytest.mark.django_db
def test_members_donate_and_a_coordinator_allocates_to_someone_in_need(community, coordinator, member, other_member):
    services.fund_donate(actor=member, community=community, minutes=120, idempotency_key="d1")
    services.fund_donate(actor=member, community=community, minutes=120, idempotency_key="d1")  # a retry

    transfer = services.fund_allocate(
        actor=coordinator,
        community=community,
        minutes=90,
        membership_id=other_member.pk,
        reason="After a hospital stay",
        idempotency_key="a1",
    )

    assert transfer.kind == "grant"
    assert community_pool(community=community).balance == 30
    assert account_for_membership(community=community, membership=member).balance == -120
    assert account_for_membership(community=community, membership=other_member).balance == 90


@pytest.mark.django_db
def test_the_fund_gives_only_what_it_holds_and_not_to_the_coordinator(community, coordinator, member):
    services.fund_donate(actor=member, community=community, minutes=60)

    with pytest.raises(DomainError, match=re.escape(str(services.ERR_FUND_SHORT))):
        services.fund_allocate(actor=coordinator, community=community, minutes=61, membership_id=member.pk, reason="x")
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_ALLOCATE_SELF))):
        services.fund_allocate(
            actor=coordinator, community=community, minutes=30, membership_id=coordinator.pk, reason="x"
        )
    assert community_pool(community=community).balance == 60


@pytest.mark.django_db
def test_allocating_more_than_the_fund_holds_is_refused_and_changes_nothing(
    community, coordinator, member, other_member
):
    # given the fund holds 60 minutes
    services.fund_donate(actor=member, community=community, minutes=60, idempotency_key="d1")
    transfers, audits = Transfer.objects.count(), AuditEvent.objects.count()

    # when a coordinator allocates 90
    with pytest.raises(DomainError) as error:
        services.fund_allocate(
            actor=coordinator, community=community, minutes=90, membership_id=other_member.pk, reason="Moving house"
        )

    # then the fund's own message names the minutes, and nothing was posted or recorded
    assert (error.value.message, error.value.field) == (services.ERR_FUND_SHORT, "minutes")
    assert (Transfer.objects.count(), AuditEvent.objects.count()) == (transfers, audits)
    assert community_pool(community=community).balance == 60
    assert account_for_membership(community=community, membership=other_member).balance == 0


@pytest.mark.django_db
def test_a_retry_of_the_allocation_that_emptied_the_fund_returns_the_original(
    community, coordinator, member, other_member
):
    services.fund_donate(actor=member, community=community, minutes=60, idempotency_key="d1")
    first = services.fund_allocate(
        actor=coordinator,
        community=community,
        minutes=60,
        membership_id=other_member.pk,
        reason="x",
        idempotency_key="a1",
    )

    retry = services.fund_allocate(
        actor=coordinator,
        community=community,
        minutes=60,
        membership_id=other_member.pk,
        reason="x",
        idempotency_key="a1",
    )

    assert (retry.pk, retry.replayed) == (first.pk, True)
    assert community_pool(community=community).balance == 0


@pytest.mark.django_db
def test_a_floor_a_coordinator_set_on_the_fund_decides_how_far_it_can_go(community, coordinator, other_member):
    # given a coordinator deliberately lets the empty fund go an hour below zero
    fund = community_pool(community=community)
    ledger_services.account_limits_update(actor=coordinator, community=community, account=fund, floor=-60)

    services.fund_allocate(
        actor=coordinator, community=community, minutes=60, membership_id=other_member.pk, reason="x"
    )
    with pytest.raises(DomainError) as error:
        services.fund_allocate(
            actor=coordinator, community=community, minutes=1, membership_id=other_member.pk, reason="x"
        )

    # then the ledger's floor message explains the refusal, as for any account with a floor
    assert error.value.code == "below_floor"
    assert str(error.value).startswith(str(ledger_services.ERR_BELOW_FLOOR).split("%(owner)s")[0])
    assert community_pool(community=community).balance == -60


@pytest.mark.django_db
def test_only_coordinators_allocate_and_members_donate_only_their_own_hours(
    community, coordinator, member, other_member
):
    with pytest.raises(NotFound):
        services.fund_allocate(actor=member, community=community, minutes=30, membership_id=other_member.pk, reason="x")
    with pytest.raises(DomainError):
        services.fund_donate(actor=member, community=community, minutes=30, membership_id=other_member.pk)
    bea = brokered_member(community)
    services.fund_donate(actor=coordinator, community=community, minutes=30, membership_id=bea.pk)
    assert account_for_membership(community=community, membership=bea).balance == -30


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [0, -1, 12001, 2.5])
def test_donations_must_be_positive_whole_minutes(community, member, minutes):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_FUND_MINUTES))):
        services.fund_donate(actor=member, community=community, minutes=minutes)
    assert community_pool(community=community).balance == 0
