"""Random sequences of workflow steps by random people: after every step the time bank and the ledger agree."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.coproduction.models import Contribution
from coproduce.core.errors import DomainError
from coproduce.ledger.models import Account, Transfer
from coproduce.ledger.selectors import account_for_membership
from coproduce.timebank import services
from coproduce.timebank.models import Exchange

STEPS = [
    "accept",
    "decline",
    "arrange",
    "record",
    "confirm",
    "dispute",
    "resolve_confirm",
    "resolve_cancel",
    "cancel",
    "autoconfirm",
]

step_strategy = st.tuples(
    st.sampled_from(STEPS),
    st.integers(min_value=0, max_value=2),  # which exchange
    st.integers(min_value=0, max_value=3),  # who acts
    st.integers(min_value=-30, max_value=1500),  # minutes offered
)


def _apply(step, exchange, actor, minutes, community):
    common = {"actor": actor, "community": community, "exchange_id": exchange.pk}
    if step == "accept":
        services.exchange_accept(**common)
    elif step == "decline":
        services.exchange_decline(**common)
    elif step == "arrange":
        services.exchange_arrange(**common, scheduled_for=timezone.now() + dt.timedelta(days=1))
    elif step == "record":
        services.exchange_record(**common, minutes=minutes)
    elif step == "confirm":
        services.exchange_confirm(**common)
    elif step == "dispute":
        services.exchange_dispute(**common, reason="Not right")
    elif step == "resolve_confirm":
        services.exchange_resolve(**common, outcome="confirm", note="Settled", minutes=minutes)
    elif step == "resolve_cancel":
        services.exchange_resolve(**common, outcome="cancel", note="Settled")
    elif step == "cancel":
        services.exchange_cancel(**common)
    else:
        services.exchange_autoconfirm(
            community=community, exchange_id=exchange.pk, now=timezone.now() + dt.timedelta(days=60)
        )


def _check_invariants(community):
    exchanges = list(Exchange.objects.filter(community=community))
    for exchange in exchanges:
        if exchange.status == Exchange.Status.CONFIRMED:
            transfer = Transfer.objects.get(pk=exchange.transfer_id)
            assert transfer.minutes == exchange.minutes
            assert (
                transfer.from_account_id == account_for_membership(community=community, membership=exchange.receiver).pk
            )
            assert (
                transfer.to_account_id == account_for_membership(community=community, membership=exchange.provider).pk
            )
            roles = dict(Contribution.objects.filter(activity_id=exchange.activity_id).values_list("role", "minutes"))
            assert roles == {"gave": exchange.minutes, "received": exchange.minutes}
        else:
            assert exchange.transfer_id is None
    confirmed = [e for e in exchanges if e.status == Exchange.Status.CONFIRMED]
    assert Transfer.objects.filter(community=community).count() == len(confirmed)
    assert (Account.objects.filter(community=community).aggregate(t=Sum("balance"))["t"] or 0) == 0


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step_strategy, min_size=1, max_size=25))
def test_any_sequence_of_steps_keeps_exchanges_and_ledger_in_step(
    community, coordinator, member, other_member, category, steps
):
    people = [member, other_member, coordinator, member]
    with transaction.atomic():
        listings = [
            services.listing_create(
                actor=member, community=community, kind="offer", category_id=category.pk, title=f"Offer {n}"
            )
            for n in range(3)
        ]
        exchanges = [
            services.exchange_respond(actor=other_member, community=community, listing_id=listing.pk)
            for listing in listings
        ]
        for step, which, who, minutes in steps:
            exchange = exchanges[which]
            before = Exchange.objects.get(pk=exchange.pk)
            try:
                with transaction.atomic():
                    _apply(step, exchange, people[who], minutes, community)
            except DomainError:
                after = Exchange.objects.get(pk=exchange.pk)
                # a refusal changes nothing
                assert (after.status, after.minutes, after.transfer_id) == (
                    before.status,
                    before.minutes,
                    before.transfer_id,
                )
            _check_invariants(community)
        transaction.set_rollback(True)
