"""Who may take which step of an exchange. Pure functions, shared by the services (which enforce them)
and the pages (which offer only the steps a person may take)."""

from coproduce.communities.models import Membership, Organisation
from coproduce.timebank.models import Exchange, Listing


def acts_for(
    actor: Membership, *, membership: Membership | None = None, organisation: Organisation | None = None
) -> bool:
    """A member acts for themselves; a coordinator also acts for organisations and for members marked
    as needing help to use the platform (broker mode)."""
    if membership is not None:
        return actor.pk == membership.pk or (actor.is_coordinator and membership.is_brokered)
    return organisation is not None and actor.is_coordinator


def is_party(actor: Membership, exchange: Exchange) -> bool:
    return actor.pk in (exchange.provider_id, exchange.receiver_id)


def acts_for_provider(actor: Membership, exchange: Exchange) -> bool:
    return acts_for(actor, membership=exchange.provider, organisation=exchange.provider_organisation)


def acts_for_receiver(actor: Membership, exchange: Exchange) -> bool:
    return acts_for(actor, membership=exchange.receiver, organisation=exchange.receiver_organisation)


def owner_is_provider(exchange: Exchange) -> bool:
    """In a response to a listing, the listing's owner is the provider of an offer and the receiver of a request."""
    return exchange.listing is not None and exchange.listing.kind == Listing.Kind.OFFER


def acts_for_owner(actor: Membership, exchange: Exchange) -> bool:
    return acts_for_provider(actor, exchange) if owner_is_provider(exchange) else acts_for_receiver(actor, exchange)


def may_see(actor: Membership, exchange: Exchange) -> bool:
    return actor.is_coordinator or acts_for_provider(actor, exchange) or acts_for_receiver(actor, exchange)


def next_steps(actor: Membership, exchange: Exchange) -> list[str]:
    """The steps this person may take now, in the order a page offers them."""
    status = Exchange.Status
    either = acts_for_provider(actor, exchange) or acts_for_receiver(actor, exchange)
    steps: list[str] = []
    if exchange.status == status.PROPOSED and acts_for_owner(actor, exchange):
        steps += ["accept", "decline"]
    if exchange.status in (status.ACCEPTED, status.ARRANGED):
        if acts_for_provider(actor, exchange):
            steps.append("record")
        if either:
            steps.append("arrange")
    if exchange.status == status.RECORDED and acts_for_receiver(actor, exchange):
        steps += ["confirm", "dispute"]
    if exchange.status == status.DISPUTED and actor.is_coordinator and not is_party(actor, exchange):
        steps.append("resolve")
    if exchange.status in (status.PROPOSED, status.ACCEPTED, status.ARRANGED) and (either or actor.is_coordinator):
        steps.append("cancel")
    return steps


def may_correct(actor: Membership, exchange: Exchange) -> bool:
    """A coordinator who is not one of its people may correct the time of a confirmed exchange."""
    return exchange.status == Exchange.Status.CONFIRMED and actor.is_coordinator and not is_party(actor, exchange)
