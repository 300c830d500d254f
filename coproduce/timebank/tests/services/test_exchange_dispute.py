import re

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger.models import Transfer
from coproduce.timebank import services
from coproduce.timebank.models import Exchange


@pytest.mark.django_db
def test_the_receiver_disputes_and_a_coordinator_confirms_with_adjusted_minutes(
    community, recorded, other_member, coordinator
):
    disputed = services.exchange_dispute(
        actor=other_member, community=community, exchange_id=recorded.pk, reason="It was one hour, not ninety minutes."
    )
    assert disputed.status == Exchange.Status.DISPUTED
    assert not Transfer.objects.exists()

    resolved = services.exchange_resolve(
        actor=coordinator,
        community=community,
        exchange_id=recorded.pk,
        outcome="confirm",
        minutes=60,
        note="Agreed with both: one hour.",
    )

    assert (resolved.status, resolved.minutes) == (Exchange.Status.CONFIRMED, 60)
    assert Transfer.objects.get(pk=resolved.transfer_id).minutes == 60


@pytest.mark.django_db
def test_a_coordinator_cancels_a_disputed_exchange_and_nothing_is_posted(
    community, recorded, other_member, coordinator
):
    services.exchange_dispute(actor=other_member, community=community, exchange_id=recorded.pk, reason="Never came.")

    resolved = services.exchange_resolve(
        actor=coordinator,
        community=community,
        exchange_id=recorded.pk,
        outcome="cancel",
        note="The visit did not happen.",
    )

    assert resolved.status == Exchange.Status.CANCELLED
    assert not Transfer.objects.exists()


@pytest.mark.django_db
def test_a_dispute_needs_a_reason_and_only_the_receiver_can_raise_it(community, recorded, member, other_member):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_REASON_REQUIRED))):
        services.exchange_dispute(actor=other_member, community=community, exchange_id=recorded.pk, reason=" ")
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_NOT_YOUR_STEP))):
        services.exchange_dispute(actor=member, community=community, exchange_id=recorded.pk, reason="No")
    recorded.refresh_from_db()
    assert recorded.status == Exchange.Status.RECORDED


@pytest.mark.django_db
def test_resolving_needs_a_coordinator_who_is_not_a_party_a_note_and_valid_minutes(
    community, category, coordinator, admin_member, other_member, recorded
):
    services.exchange_dispute(actor=other_member, community=community, exchange_id=recorded.pk, reason="Too long")
    with pytest.raises(NotFound):
        services.exchange_resolve(
            actor=other_member, community=community, exchange_id=recorded.pk, outcome="cancel", note="x"
        )
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_NOTE_REQUIRED))):
        services.exchange_resolve(
            actor=coordinator, community=community, exchange_id=recorded.pk, outcome="cancel", note=""
        )
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_MINUTES))):
        services.exchange_resolve(
            actor=coordinator, community=community, exchange_id=recorded.pk, outcome="confirm", minutes=0, note="Zero?"
        )

    # a coordinator who is part of an exchange does not judge it
    offer = services.listing_create(
        actor=coordinator, community=community, kind="offer", category_id=category.pk, title="Coordinator's own offer"
    )
    own = services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    services.exchange_accept(actor=coordinator, community=community, exchange_id=own.pk)
    services.exchange_record(actor=coordinator, community=community, exchange_id=own.pk, minutes=60)
    services.exchange_dispute(actor=other_member, community=community, exchange_id=own.pk, reason="Too long")
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_OWN_DISPUTE))):
        services.exchange_resolve(
            actor=coordinator, community=community, exchange_id=own.pk, outcome="cancel", note="Mine"
        )
    assert (
        services.exchange_resolve(
            actor=admin_member,
            community=community,
            exchange_id=own.pk,
            outcome="cancel",
            note="Settled by another coordinator",
        ).status
        == Exchange.Status.CANCELLED
    )
