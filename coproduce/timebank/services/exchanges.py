"""The exchange workflow. Each transition is one service function: it locks the exchange, checks that the
actor may take this step in this state, changes it, audits it and tells the other side.

proposed --accept--> accepted --arrange--> arranged --record--> recorded --confirm--> confirmed
    |                   |  \\______________record_____________/      |  \\--(after N days, by itself)--/
 decline             cancel                                     dispute --> resolve (confirm or cancel)
"""

import datetime as dt
import zoneinfo
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Check, Community, Membership, Organisation
from coproduce.communities.selectors import member_has_valid_check
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import DomainError, NotFound
from coproduce.timebank.models import Category, Exchange, Listing
from coproduce.timebank.rules import acts_for, acts_for_owner, acts_for_provider, acts_for_receiver, is_party
from coproduce.timebank.services._common import (
    active_membership,
    active_organisation,
    known_id,
    require_member,
    validate_minutes,
)
from coproduce.timebank.services.posting import post_exchange

ERR_LISTING_CLOSED = _("This listing is no longer open.")
ERR_WITH_YOURSELF = _("You cannot exchange hours with yourself.")
ERR_ALREADY_RESPONDED = _("You have already responded to this listing; see your exchanges.")
ERR_CHECK_REQUIRED = _(
    "This work is with children or vulnerable adults, or alone in someone's home, so the person providing it "
    "needs a valid background check. The provider's check is missing or has expired; a coordinator can record a "
    "new one."
)
ERR_NOT_YOUR_STEP = _("This step is for the other person in the exchange.")
ERR_WRONG_STATE = _("This exchange has moved on; refresh the page to see what happens next.")
ERR_ALREADY_CONFIRMED = _("This exchange has already been confirmed.")
ERR_WHEN_REQUIRED = _("Enter the date and time you have arranged.")
ERR_WHEN_PAST = _("The arranged time must be in the future.")
ERR_OCCURRED_FUTURE = _("The date the help was given cannot be in the future.")
ERR_OCCURRED_OLD = _("The date the help was given cannot be more than a year ago.")
ERR_REASON_REQUIRED = _("Say what is wrong, so a coordinator can sort it out.")
ERR_NOTE_REQUIRED = _("Write a note explaining the decision; both people will see it.")
ERR_OUTCOME = _("Choose whether to confirm the exchange or cancel it.")
ERR_OWN_DISPUTE = _("You are part of this exchange; another coordinator must resolve it.")
ERR_NOT_BROKERED = _(
    "Both people use the platform themselves, so they record and confirm their own exchanges. A coordinator "
    "records for members marked as needing help, and for organisations."
)
ERR_PROVIDER = _("Choose who gave the help.")
ERR_RECEIVER = _("Choose who received the help.")
ERR_ORG_TO_ORG = _("An exchange needs at least one member; organisations cannot exchange only with each other.")
ERR_TITLE = _("Say briefly what the help was, up to 120 characters.")
ERR_CATEGORY = _("Choose a category.")
ERR_COMMENT = _("Keep the comment to 300 characters or fewer.")

OPEN_BEFORE_RECORDING = (Exchange.Status.ACCEPTED, Exchange.Status.ARRANGED)


def _notify(exchange: Exchange, event: str, actor: Membership | None = None) -> None:
    from coproduce.timebank.tasks import exchange_notify

    exchange_id, actor_id = exchange.pk, actor.pk if actor else None
    transaction.on_commit(lambda: exchange_notify.enqueue(exchange_id, event, actor_id))


def _audit(
    actor: Membership | None, community: Community, exchange: Exchange, action: str, old: str, **changes
) -> None:
    audit_record(
        actor=actor.user if actor else None,
        community=community,
        action=f"timebank.exchange.{action}",
        target=exchange,
        changes={"status": [old, exchange.status], **changes},
    )


def _locked(community: Community, exchange_id: int) -> Exchange:
    exchange = (
        Exchange.objects.select_for_update(of=("self",))
        .filter(community=community, pk=known_id(exchange_id))
        .select_related(
            "provider__user", "receiver__user", "provider_organisation", "receiver_organisation", "category", "listing"
        )
        .first()
    )
    if exchange is None:
        raise NotFound()
    return exchange


def _require(condition: bool, message=ERR_NOT_YOUR_STEP) -> None:
    if not condition:
        raise DomainError(message)


def _require_status(exchange: Exchange, *allowed: str) -> None:
    if exchange.status not in allowed:
        if exchange.status == Exchange.Status.CONFIRMED:
            raise DomainError(ERR_ALREADY_CONFIRMED)
        raise DomainError(ERR_WRONG_STATE)


def require_valid_check(
    community: Community, provider: Membership | None, *, needs_check: bool, on: dt.date | None = None
) -> None:
    """Work that needs a check is refused while the providing member's background check is missing or expired."""
    if (
        needs_check
        and provider is not None
        and not member_has_valid_check(community=community, membership=provider, kind=Check.Kind.BACKGROUND, on=on)
    ):
        raise DomainError(ERR_CHECK_REQUIRED, code="check_required")


def _local_date(community: Community, moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone=zoneinfo.ZoneInfo(community.timezone)).date()


def _validate_occurred(occurred_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if occurred_at is None:
        return now
    if occurred_at.tzinfo is None:
        raise DomainError(_("Enter the date the help was given."), field="occurred_at")
    if occurred_at > now + dt.timedelta(minutes=5):
        raise DomainError(ERR_OCCURRED_FUTURE, field="occurred_at")
    if occurred_at < now - dt.timedelta(days=366):
        raise DomainError(ERR_OCCURRED_OLD, field="occurred_at")
    return occurred_at


def _clean_comment(comment: str) -> str:
    comment = " ".join((comment or "").split())
    if len(comment) > 300:
        raise DomainError(ERR_COMMENT, field="comment")
    return comment


def exchange_respond(
    *,
    actor: Membership,
    community: Community,
    listing_id: int,
    message: str = "",
    organisation_id: int | None = None,
    membership_id: int | None = None,
) -> Exchange:
    """Answer an offer (to receive the help) or a request (to give it). A coordinator may answer for an
    organisation or for a member they act for. The listing's owner then accepts or declines."""
    require_member(actor, community)
    message = (message or "").strip()
    if len(message) > 2000:
        raise DomainError(_("Keep the message to 2,000 characters or fewer."), field="message")
    with transaction.atomic():
        listing = (
            Listing.objects.select_for_update(of=("self",))
            .filter(community=community, pk=known_id(listing_id))
            .select_related("membership__user", "organisation", "category")
            .first()
        )
        if listing is None:
            raise NotFound()
        today = timezone.localdate()
        if listing.status != Listing.Status.OPEN or (listing.expires_on and listing.expires_on < today):
            raise DomainError(ERR_LISTING_CLOSED)
        responder: Membership | None = actor
        responder_org: Organisation | None = None
        if membership_id and membership_id != actor.pk:
            responder = active_membership(community, membership_id, field="membership")
            _require(acts_for(actor, membership=responder))
        if organisation_id:
            responder_org = active_organisation(community, organisation_id, field="organisation")
            _require(acts_for(actor, organisation=responder_org))
            responder = None
        if (responder is not None and listing.membership_id == responder.pk) or (
            responder_org is not None and listing.organisation_id == responder_org.pk
        ):
            raise DomainError(ERR_WITH_YOURSELF)
        if listing.organisation_id and responder_org is not None:
            raise DomainError(ERR_ORG_TO_ORG)
        parties: dict[str, Any]
        if listing.kind == Listing.Kind.OFFER:
            parties = {
                "provider": listing.membership,
                "provider_organisation": listing.organisation,
                "receiver": responder,
                "receiver_organisation": responder_org,
            }
        else:
            parties = {
                "provider": responder,
                "provider_organisation": responder_org,
                "receiver": listing.membership,
                "receiver_organisation": listing.organisation,
            }
        require_valid_check(community, parties["provider"], needs_check=listing.needs_check)
        already = Exchange.objects.filter(
            community=community,
            listing=listing,
            status__in=(Exchange.Status.PROPOSED, *OPEN_BEFORE_RECORDING),
            provider=parties["provider"],
            receiver=parties["receiver"],
            provider_organisation=parties["provider_organisation"],
            receiver_organisation=parties["receiver_organisation"],
        )
        if already.exists():
            raise DomainError(ERR_ALREADY_RESPONDED)
        exchange = Exchange.objects.create(
            community=community,
            listing=listing,
            category=listing.category,
            title=listing.title,
            needs_check=listing.needs_check,
            started_by=actor.user,
            message=message,
            status=Exchange.Status.PROPOSED,
            origin=Exchange.Origin.LISTING,
            **parties,
        )
        _audit(actor, community, exchange, "respond", "", listing=[None, listing.pk])
        _notify(exchange, "responded", actor)
    return exchange


def exchange_accept(*, actor: Membership, community: Community, exchange_id: int) -> Exchange:
    """The listing's owner agrees to the exchange."""
    require_member(actor, community)
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, Exchange.Status.PROPOSED)
        _require(acts_for_owner(actor, exchange))
        require_valid_check(community, exchange.provider, needs_check=exchange.needs_check)
        exchange.status = Exchange.Status.ACCEPTED
        exchange.accepted_at = timezone.now()
        exchange.save()
        _audit(actor, community, exchange, "accept", Exchange.Status.PROPOSED)
        _notify(exchange, "accepted", actor)
    return exchange


def exchange_decline(*, actor: Membership, community: Community, exchange_id: int, reason: str = "") -> Exchange:
    """The listing's owner says no, optionally with a reason the other person sees."""
    require_member(actor, community)
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, Exchange.Status.PROPOSED)
        _require(acts_for_owner(actor, exchange))
        exchange.status = Exchange.Status.DECLINED
        exchange.closed_reason = (reason or "").strip()[:2000]
        exchange.closed_at = timezone.now()
        exchange.save()
        _audit(actor, community, exchange, "decline", Exchange.Status.PROPOSED, reason=[None, exchange.closed_reason])
        _notify(exchange, "declined", actor)
    return exchange


def exchange_arrange(
    *, actor: Membership, community: Community, exchange_id: int, scheduled_for: dt.datetime | None, note: str = ""
) -> Exchange:
    """Either side sets (or moves) when and where the help will happen."""
    require_member(actor, community)
    if scheduled_for is None or scheduled_for.tzinfo is None:
        raise DomainError(ERR_WHEN_REQUIRED, field="scheduled_for")
    if scheduled_for < timezone.now():
        raise DomainError(ERR_WHEN_PAST, field="scheduled_for")
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise DomainError(_("Keep the note to 300 characters or fewer."), field="note")
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, *OPEN_BEFORE_RECORDING)
        _require(acts_for_provider(actor, exchange) or acts_for_receiver(actor, exchange))
        require_valid_check(community, exchange.provider, needs_check=exchange.needs_check)
        old = exchange.status
        before = exchange.scheduled_for
        exchange.status = Exchange.Status.ARRANGED
        exchange.scheduled_for = scheduled_for
        exchange.arrangement_note = note
        exchange.log_reminder_sent_at = None
        exchange.save()
        _audit(actor, community, exchange, "arrange", old, scheduled_for=[before, scheduled_for], note=[None, note])
        _notify(exchange, "arranged", actor)
    return exchange


def exchange_record(
    *,
    actor: Membership,
    community: Community,
    exchange_id: int,
    minutes: int,
    occurred_at: dt.datetime | None = None,
    comment: str = "",
) -> Exchange:
    """The provider records how long the help took. The receiver then confirms or disputes it; if they do
    neither, it confirms itself after the community's waiting period."""
    require_member(actor, community)
    minutes = validate_minutes(minutes)
    now = timezone.now()
    occurred_at = _validate_occurred(occurred_at, now)
    comment = _clean_comment(comment)
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, *OPEN_BEFORE_RECORDING)
        _require(acts_for_provider(actor, exchange))
        require_valid_check(
            community, exchange.provider, needs_check=exchange.needs_check, on=_local_date(community, occurred_at)
        )
        old = exchange.status
        exchange.status = Exchange.Status.RECORDED
        exchange.minutes = minutes
        exchange.occurred_at = occurred_at
        exchange.comment = comment
        exchange.recorded_at = now
        exchange.recorded_by = actor.user
        exchange.save()
        _audit(actor, community, exchange, "record", old, minutes=[None, minutes])
        _notify(exchange, "recorded", actor)
    return exchange


def _confirm(
    *,
    actor: Membership | None,
    community: Community,
    exchange: Exchange,
    minutes: int | None = None,
    auto: bool = False,
) -> Exchange:
    old = exchange.status
    if minutes is not None:
        exchange.minutes = minutes
    exchange.status = Exchange.Status.CONFIRMED
    exchange.confirmed_at = timezone.now()
    exchange.confirmed_by = actor.user if actor else None
    exchange.auto_confirmed = auto
    exchange.autoconfirm_error = ""
    post_exchange(exchange, actor=actor)
    exchange.save()
    _audit(
        actor,
        community,
        exchange,
        "autoconfirm" if auto else "confirm",
        old,
        minutes=[None, exchange.minutes],
        transfer=[None, exchange.transfer_id],
    )
    return exchange


def exchange_confirm(*, actor: Membership, community: Community, exchange_id: int) -> Exchange:
    """The receiver agrees the hours: the exchange is posted to the ledger (receiver → provider) and recorded
    as delivered help, in one transaction. A ledger limit that would be crossed refuses it with the ledger's
    own message."""
    require_member(actor, community)
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, Exchange.Status.RECORDED)
        _require(acts_for_receiver(actor, exchange))
        _confirm(actor=actor, community=community, exchange=exchange)
        _notify(exchange, "confirmed", actor)
    return exchange


def exchange_autoconfirm(*, community: Community, exchange_id: int, now: dt.datetime | None = None) -> Exchange | None:
    """Confirm a recorded exchange that nobody confirmed or disputed within the community's waiting period.
    Returns None when there was nothing to do or it was refused; a refusal (a ledger limit, a member who
    left) is kept on the exchange for the coordinators' queue."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            exchange = _locked(community, exchange_id)
            if exchange.status != Exchange.Status.RECORDED or exchange.recorded_at is None:
                return None
            if exchange.recorded_at + dt.timedelta(days=community.exchange_autoconfirm_days) > now:
                return None
            _confirm(actor=None, community=community, exchange=exchange, auto=True)
            _notify(exchange, "autoconfirmed")
            return exchange
    except DomainError as error:
        with transaction.atomic():
            stuck = (
                Exchange.objects.select_for_update()
                .filter(community=community, pk=known_id(exchange_id), status=Exchange.Status.RECORDED)
                .first()
            )
            if stuck is not None:
                stuck.autoconfirm_error = str(error.message)[:300]
                stuck.save(update_fields=["autoconfirm_error", "updated_at"])
                audit_record(
                    actor=None,
                    community=community,
                    action="timebank.exchange.autoconfirm_refused",
                    target=stuck,
                    changes={"reason": [None, stuck.autoconfirm_error]},
                )
        return None


def exchange_dispute(*, actor: Membership, community: Community, exchange_id: int, reason: str) -> Exchange:
    """The receiver does not agree with what was recorded; a coordinator decides."""
    require_member(actor, community)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ERR_REASON_REQUIRED, field="reason")
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, Exchange.Status.RECORDED)
        _require(acts_for_receiver(actor, exchange))
        exchange.status = Exchange.Status.DISPUTED
        exchange.dispute_reason = reason[:2000]
        exchange.save()
        _audit(actor, community, exchange, "dispute", Exchange.Status.RECORDED, reason=[None, exchange.dispute_reason])
        _notify(exchange, "disputed", actor)
    return exchange


def exchange_resolve(
    *, actor: Membership, community: Community, exchange_id: int, outcome: str, note: str, minutes: int | None = None
) -> Exchange:
    """A coordinator settles a dispute: confirm (with the recorded or adjusted minutes) or cancel."""
    require_coordinator(actor, community)
    if outcome not in ("confirm", "cancel"):
        raise DomainError(ERR_OUTCOME, field="outcome")
    note = (note or "").strip()
    if not note:
        raise DomainError(ERR_NOTE_REQUIRED, field="note")
    if minutes is not None:
        validate_minutes(minutes)
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, Exchange.Status.DISPUTED)
        if is_party(actor, exchange):
            raise DomainError(ERR_OWN_DISPUTE)
        exchange.resolution_note = note[:2000]
        if outcome == "confirm":
            before = exchange.minutes
            _confirm(actor=actor, community=community, exchange=exchange, minutes=minutes)
            _audit(
                actor,
                community,
                exchange,
                "resolve",
                Exchange.Status.DISPUTED,
                outcome=[None, outcome],
                minutes=[before, exchange.minutes],
            )
        else:
            exchange.status = Exchange.Status.CANCELLED
            exchange.closed_at = timezone.now()
            exchange.closed_reason = exchange.resolution_note
            exchange.save()
            _audit(actor, community, exchange, "resolve", Exchange.Status.DISPUTED, outcome=[None, outcome])
        _notify(exchange, "resolved", actor)
    return exchange


def exchange_cancel(*, actor: Membership, community: Community, exchange_id: int, reason: str = "") -> Exchange:
    """Either side calls it off before the hours are recorded; a coordinator may also cancel it then."""
    require_member(actor, community)
    with transaction.atomic():
        exchange = _locked(community, exchange_id)
        _require_status(exchange, Exchange.Status.PROPOSED, *OPEN_BEFORE_RECORDING)
        _require(acts_for_provider(actor, exchange) or acts_for_receiver(actor, exchange) or actor.is_coordinator)
        old = exchange.status
        exchange.status = Exchange.Status.CANCELLED
        exchange.closed_reason = (reason or "").strip()[:2000]
        exchange.closed_at = timezone.now()
        exchange.save()
        _audit(actor, community, exchange, "cancel", old, reason=[None, exchange.closed_reason])
        _notify(exchange, "cancelled", actor)
    return exchange


def _party(
    community: Community, membership_id: int | None, organisation_id: int | None, *, field: str, message
) -> tuple[Membership | None, Organisation | None]:
    if bool(membership_id) == bool(organisation_id):
        raise DomainError(message, field=field)
    if membership_id:
        return active_membership(community, membership_id, field=field), None
    return None, active_organisation(community, organisation_id, field=field)


def exchange_record_brokered(
    *,
    actor: Membership,
    community: Community,
    category_id: int | None,
    title: str,
    minutes: int,
    provider_id: int | None = None,
    provider_organisation_id: int | None = None,
    receiver_id: int | None = None,
    receiver_organisation_id: int | None = None,
    occurred_at: dt.datetime | None = None,
    comment: str = "",
    needs_check: bool = False,
    listing_id: int | None = None,
    idempotency_key: str = "",
) -> Exchange:
    """A coordinator records an exchange for a member who is offline (or for an organisation). When the
    coordinator acts for the receiver it is confirmed and posted at once; otherwise the receiver confirms
    it as usual. A retry with the same idempotency key returns the first exchange."""
    require_coordinator(actor, community)
    idempotency_key = (idempotency_key or "").strip()[:100]
    if idempotency_key:
        existing = Exchange.objects.filter(community=community, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    minutes = validate_minutes(minutes)
    now = timezone.now()
    occurred_at = _validate_occurred(occurred_at, now)
    comment = _clean_comment(comment)
    title = " ".join((title or "").split())
    if not title or len(title) > 120:
        raise DomainError(ERR_TITLE, field="title")
    provider, provider_org = _party(
        community, provider_id, provider_organisation_id, field="provider", message=ERR_PROVIDER
    )
    receiver, receiver_org = _party(
        community, receiver_id, receiver_organisation_id, field="receiver", message=ERR_RECEIVER
    )
    if (provider is not None and receiver is not None and provider.pk == receiver.pk) or (
        provider_org is not None and receiver_org is not None
    ):
        raise DomainError(ERR_WITH_YOURSELF if provider is not None else ERR_ORG_TO_ORG, field="receiver")
    listing = None
    if listing_id:
        listing = (
            Listing.objects.filter(community=community, pk=known_id(listing_id)).select_related("category").first()
        )
        if listing is None:
            raise NotFound()
        needs_check = needs_check or listing.needs_check
    category = Category.objects.filter(community=community, pk=known_id(category_id)).first() if category_id else None
    if category is None:
        if listing is None:
            raise DomainError(ERR_CATEGORY, field="category")
        category = listing.category
    provider_offline = provider_org is not None or (provider is not None and provider.is_brokered)
    receiver_offline = receiver_org is not None or (receiver is not None and receiver.is_brokered)
    if not (provider_offline or receiver_offline):
        raise DomainError(ERR_NOT_BROKERED)
    require_valid_check(community, provider, needs_check=needs_check, on=_local_date(community, occurred_at))
    try:
        with transaction.atomic():
            exchange = Exchange.objects.create(
                community=community,
                origin=Exchange.Origin.BROKERED,
                listing=listing,
                category=category,
                title=title,
                needs_check=needs_check,
                provider=provider,
                provider_organisation=provider_org,
                receiver=receiver,
                receiver_organisation=receiver_org,
                started_by=actor.user,
                status=Exchange.Status.RECORDED,
                minutes=minutes,
                occurred_at=occurred_at,
                comment=comment,
                accepted_at=now,
                recorded_at=now,
                recorded_by=actor.user,
                idempotency_key=idempotency_key,
            )
            _audit(actor, community, exchange, "record_brokered", "", minutes=[None, minutes])
            if receiver_offline:
                _confirm(actor=actor, community=community, exchange=exchange)
                _notify(exchange, "confirmed", actor)
            else:
                _notify(exchange, "recorded", actor)
    except IntegrityError:
        # Two retries raced with the same key; the other one won.
        existing = Exchange.objects.filter(community=community, idempotency_key=idempotency_key).first()
        if idempotency_key and existing is not None:
            return existing
        raise
    return exchange
