"""Turning confirmed exchanges into ledger transfers and co-production activities, in the caller's transaction.

Exchanges reach the ledger only through this module, so the rule "only a confirmed exchange posts, exactly once"
has one home: the idempotency key is derived from the exchange id, so a retry can never post twice.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from coproduce.communities.models import Community, Membership, Organisation
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
from coproduce.coproduction.models import Activity
from coproduce.coproduction.services import ContributionInput, activity_record_from_workflow, service_for_workflow
from coproduce.core.errors import NotFound
from coproduce.ledger import selectors as ledger_selectors
from coproduce.ledger import services as ledger_services
from coproduce.ledger.models import Account, Transfer
from coproduce.timebank.models import Exchange

SERVICE_NAME = "Time bank"
SOURCE = "timebank"


def exchange_idempotency_key(exchange_id: int) -> str:
    return f"timebank-exchange-{exchange_id}"


def account_of(
    community: Community, *, membership: Membership | None = None, organisation: Organisation | None = None
) -> Account:
    if membership is not None:
        return ledger_selectors.account_for_membership(community=community, membership=membership)
    if organisation is None:
        raise NotFound()
    return ledger_selectors.account_for_organisation(community=community, organisation=organisation)


def fund_account(community: Community) -> Account:
    return ledger_selectors.community_pool(community=community, code="fund")


def _memo(exchange: Exchange) -> str:
    return (f"{exchange.title}: {exchange.comment}" if exchange.comment else exchange.title)[:500]


def record_activity(exchange: Exchange, *, actor_user) -> Activity:
    """The delivered help as an Activity, with the provider's and receiver's contributions (members only;
    organisations appear in the ledger, not in the record of people's contributions)."""
    service = service_for_workflow(
        community=exchange.community, name=SERVICE_NAME, description="Neighbours exchanging help, an hour for an hour."
    )
    minutes = int(exchange.minutes or 0)
    contributions = []
    if exchange.provider_id:
        contributions.append(ContributionInput(exchange.provider_id, ContributionRole.GAVE, minutes))
    if exchange.receiver_id:
        contributions.append(ContributionInput(exchange.receiver_id, ContributionRole.RECEIVED, minutes))
    return activity_record_from_workflow(
        actor_user=actor_user,
        community=exchange.community,
        service=service,
        kind=ActivityKind.EXCHANGE,
        phase=Phase.DELIVER,
        title=exchange.title,
        occurred_at=exchange.occurred_at or timezone.now(),
        contributions=contributions,
        source=SOURCE,
        category=exchange.category.name,
        notes=exchange.comment,
    )


def _accounts(exchange: Exchange):
    community = exchange.community
    return (
        account_of(community, membership=exchange.receiver, organisation=exchange.receiver_organisation),
        account_of(community, membership=exchange.provider, organisation=exchange.provider_organisation),
    )


def post_exchange(exchange: Exchange, *, actor: Membership | None) -> None:
    """Pay the provider from the receiver's account and record the activity. Call inside the transaction
    that marks the exchange confirmed; a ledger refusal (a limit) rolls everything back."""
    assert transaction.get_connection().in_atomic_block
    actor_user = actor.user if actor else None
    exchange.activity = record_activity(exchange, actor_user=actor_user)
    exchange.transfer = pay_exchange(exchange, actor=actor, idempotency_key=exchange_idempotency_key(exchange.pk))


def pay_exchange(exchange: Exchange, *, actor: Membership | None, idempotency_key: str) -> Transfer:
    """Post the exchange's minutes from the receiver to the provider, for the activity it already records."""
    from_account, to_account = _accounts(exchange)
    return ledger_services.transfer_create(
        actor=actor,
        community=exchange.community,
        from_account=from_account,
        to_account=to_account,
        minutes=int(exchange.minutes or 0),
        kind="exchange",
        idempotency_key=idempotency_key,
        memo=_memo(exchange),
        category=exchange.category.name,
        activity=exchange.activity,
        workflow=SOURCE,
    )


def post_exchanges_batch(exchanges: Sequence[Exchange], *, actor: Membership, idempotency_key: str) -> None:
    """Post several confirmed exchanges (a group exchange) as one atomic ledger batch."""
    assert transaction.get_connection().in_atomic_block
    legs = []
    for exchange in exchanges:
        exchange.activity = record_activity(exchange, actor_user=actor.user)
        from_account, to_account = _accounts(exchange)
        legs.append(
            ledger_services.TransferLeg(
                from_account=from_account,
                to_account=to_account,
                minutes=int(exchange.minutes or 0),
                kind="exchange",
                memo=_memo(exchange),
                category=exchange.category.name,
                activity=exchange.activity,
            )
        )
    transfers = ledger_services.transfer_batch_create(
        actor=actor,
        community=exchanges[0].community,
        legs=legs,
        idempotency_key=idempotency_key,
        workflow=SOURCE,
    )
    for exchange, transfer in zip(exchanges, transfers, strict=True):
        exchange.transfer = transfer
