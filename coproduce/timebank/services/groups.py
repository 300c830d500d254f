"""Group exchanges: one provider and many receivers, or many providers and one receiver, recorded by a
coordinator and posted as one atomic ledger batch (every leg or none)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership, Organisation
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import DomainError
from coproduce.timebank.models import Category, Exchange, GroupExchange
from coproduce.timebank.services._common import active_membership, active_organisation, known_id, validate_minutes
from coproduce.timebank.services.exchanges import (
    ERR_CATEGORY,
    ERR_ORG_TO_ORG,
    ERR_TITLE,
    _clean_comment,
    _local_date,
    _validate_occurred,
    require_valid_check,
)
from coproduce.timebank.services.posting import post_exchanges_batch

MAX_LEGS = 200
ERR_MODE = _("Choose one provider with many receivers, or many providers with one receiver.")
ERR_ONE_PARTY = _("Choose the one person or organisation on the single side.")
ERR_LEGS = _("Add at least two people on the other side, and no more than 200.")
ERR_DUPLICATE_PARTY = _("Each person or organisation can appear only once in a group exchange.")
ERR_KEY = _("Send an idempotency key, so a retry cannot post the group twice.")


@dataclass(frozen=True)
class GroupLeg:
    """One person (or organisation) on the "many" side and the minutes for them."""

    minutes: int
    membership_id: int | None = None
    organisation_id: int | None = None


Party = tuple[Membership | None, Organisation | None]


def _resolve(
    community: Community, membership_id: int | None, organisation_id: int | None, *, field: str, message
) -> Party:
    if bool(membership_id) == bool(organisation_id):
        raise DomainError(message, field=field)
    if membership_id:
        return active_membership(community, membership_id, field=field), None
    return None, active_organisation(community, organisation_id, field=field)


def _key(party: Party) -> tuple[str, int]:
    membership, organisation = party
    return ("m", membership.pk) if membership is not None else ("o", organisation.pk)  # type: ignore[union-attr]


def group_exchange_create(
    *,
    actor: Membership,
    community: Community,
    mode: str,
    category_id: int | None,
    title: str,
    legs: Sequence[GroupLeg],
    idempotency_key: str,
    one_membership_id: int | None = None,
    one_organisation_id: int | None = None,
    occurred_at: dt.datetime | None = None,
    comment: str = "",
    needs_check: bool = False,
) -> GroupExchange:
    """Record a group exchange: each leg becomes a confirmed exchange with its own activity, and all the
    transfers post together or not at all. A retry with the same idempotency key returns the first one."""
    require_coordinator(actor, community)
    idempotency_key = (idempotency_key or "").strip()[:100]
    if not idempotency_key:
        raise DomainError(ERR_KEY, field="idempotency_key")
    existing = GroupExchange.objects.filter(community=community, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if mode not in GroupExchange.Mode.values:
        raise DomainError(ERR_MODE, field="mode")
    title = " ".join((title or "").split())
    if not title or len(title) > 120:
        raise DomainError(ERR_TITLE, field="title")
    category = Category.objects.filter(community=community, pk=known_id(category_id)).first() if category_id else None
    if category is None:
        raise DomainError(ERR_CATEGORY, field="category")
    now = timezone.now()
    occurred_at = _validate_occurred(occurred_at, now)
    comment = _clean_comment(comment)
    legs = list(legs)
    if not 2 <= len(legs) <= MAX_LEGS:
        raise DomainError(ERR_LEGS, field="legs")
    one = _resolve(community, one_membership_id, one_organisation_id, field="one", message=ERR_ONE_PARTY)
    many: list[tuple[Party, int]] = []
    seen = {_key(one)}
    for leg in legs:
        party = _resolve(community, leg.membership_id, leg.organisation_id, field="legs", message=ERR_LEGS)
        if _key(party) in seen:
            raise DomainError(ERR_DUPLICATE_PARTY, field="legs")
        if party[1] is not None and one[1] is not None:
            raise DomainError(ERR_ORG_TO_ORG, field="legs")
        seen.add(_key(party))
        many.append((party, validate_minutes(leg.minutes, field="legs")))
    on = _local_date(community, occurred_at)
    providers = [one] if mode == GroupExchange.Mode.ONE_TO_MANY else [party for party, _m in many]
    for providing_member, _org in providers:
        require_valid_check(community, providing_member, needs_check=needs_check, on=on)
    try:
        with transaction.atomic():
            group = GroupExchange.objects.create(
                community=community,
                mode=mode,
                title=title,
                category=category,
                occurred_at=occurred_at,
                comment=comment,
                idempotency_key=idempotency_key,
                recorded_by=actor.user,
            )
            exchanges = []
            for party, minutes in many:
                provider, receiver = (one, party) if mode == GroupExchange.Mode.ONE_TO_MANY else (party, one)
                exchanges.append(
                    Exchange(
                        community=community,
                        origin=Exchange.Origin.GROUP,
                        group=group,
                        category=category,
                        title=title,
                        needs_check=needs_check,
                        provider=provider[0],
                        provider_organisation=provider[1],
                        receiver=receiver[0],
                        receiver_organisation=receiver[1],
                        started_by=actor.user,
                        status=Exchange.Status.RECORDED,
                        minutes=minutes,
                        occurred_at=occurred_at,
                        comment=comment,
                        accepted_at=now,
                        recorded_at=now,
                        recorded_by=actor.user,
                    )
                )
            for exchange in exchanges:
                exchange.save()
            post_exchanges_batch(exchanges, actor=actor, idempotency_key=f"timebank-group-{idempotency_key}")
            for exchange in exchanges:
                exchange.status = Exchange.Status.CONFIRMED
                exchange.confirmed_at = now
                exchange.confirmed_by = actor.user
                exchange.save()
            audit_record(
                actor=actor.user,
                community=community,
                action="timebank.group_exchange.create",
                target=group,
                changes={
                    "mode": [None, mode],
                    "legs": [None, len(exchanges)],
                    "minutes": [None, sum(m for _p, m in many)],
                },
            )
    except IntegrityError:
        existing = GroupExchange.objects.filter(community=community, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return group
