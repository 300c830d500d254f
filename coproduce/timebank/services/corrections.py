"""Correcting a confirmed exchange after the fact. The ledger is append-only, so a correction is the exchange's
transfer reversed plus, unless the help did not happen at all, a new transfer for the corrected time; the exchange
then shows the corrected time and keeps every correction.

The co-production record follows: the delivered activity's contributions count the corrected minutes, or leave
the record when the help did not happen, so insights and the ledger tell the same story.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.coproduction.services import activity_minutes_correct_from_workflow
from coproduce.core.errors import DomainError
from coproduce.ledger import selectors as ledger_selectors
from coproduce.ledger import services as ledger_services
from coproduce.timebank.models import MAX_EXCHANGE_MINUTES, Exchange, ExchangeCorrection
from coproduce.timebank.rules import is_party
from coproduce.timebank.services._common import known_id
from coproduce.timebank.services.exchanges import _audit, _locked, _notify
from coproduce.timebank.services.posting import SOURCE, exchange_idempotency_key, pay_exchange

ERR_CORRECT_MINUTES = _(
    "Enter the corrected time as a whole number of minutes from 0 to 1440 (one day); 0 means it did not happen."
)
ERR_CORRECT_REASON = _("Say why the time is being corrected; both people will see it.")
ERR_CORRECT_REASON_LONG = _("Keep the reason to 500 characters or fewer.")
ERR_CORRECT_NOT_CONFIRMED = _("Only a confirmed exchange can be corrected.")
ERR_CORRECT_SAME = _("The exchange already shows that time. Enter the time that is right.")
ERR_CORRECT_OWN = _("You are part of this exchange; another coordinator must correct it.")
ERR_CORRECT_KEY_REUSED = _("This idempotency key was already used for a different correction.")

MAX_REASON = 500


def correction_keys(exchange_id: int, number: int) -> tuple[str, str]:
    """The ledger keys of an exchange's n-th correction (the reversal, then the new transfer): a retry of the
    same correction can never reverse or post twice."""
    base = f"{exchange_idempotency_key(exchange_id)}-correction-{number}"
    return f"{base}-reversal", base


def _validate(minutes: object, reason: str) -> tuple[int, str]:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= MAX_EXCHANGE_MINUTES:
        raise DomainError(ERR_CORRECT_MINUTES, field="minutes")
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(ERR_CORRECT_REASON, field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(ERR_CORRECT_REASON_LONG, field="reason")
    return minutes, reason


def _replayed(community: Community, exchange_id: int, key: str) -> ExchangeCorrection | None:
    if not key:
        return None
    earlier = ExchangeCorrection.objects.filter(community=community, idempotency_key=key).first()
    if earlier is not None and earlier.exchange_id != exchange_id:
        raise DomainError(ERR_CORRECT_KEY_REUSED, field="idempotency_key")
    return earlier


def exchange_correct(
    *,
    actor: Membership,
    community: Community,
    exchange_id: int,
    minutes: int,
    reason: str,
    idempotency_key: str = "",
) -> ExchangeCorrection:
    """A coordinator corrects the time of a confirmed exchange: its transfer is reversed and, when `minutes` is
    more than 0, the corrected minutes are posted again (receiver → provider); 0 means it did not happen, and the
    exchange becomes `voided`. All in one transaction, or nothing. A retry with the same idempotency key returns
    the first correction; a ledger limit the reversal would cross refuses it with the ledger's message."""
    require_coordinator(actor, community)
    minutes, reason = _validate(minutes, reason)
    key = (idempotency_key or "").strip()[:100]
    try:
        with transaction.atomic():
            exchange = _locked(community, exchange_id)
            earlier = _replayed(community, exchange.pk, key)
            if earlier is not None:
                return earlier
            old_transfer = exchange.transfer
            if exchange.status != Exchange.Status.CONFIRMED or old_transfer is None:
                raise DomainError(ERR_CORRECT_NOT_CONFIRMED)
            if is_party(actor, exchange):
                raise DomainError(ERR_CORRECT_OWN)
            before = int(exchange.minutes or 0)
            if minutes == before:
                raise DomainError(ERR_CORRECT_SAME, field="minutes")
            number = ExchangeCorrection.objects.filter(community=community, exchange=exchange).count() + 1
            reversal_key, transfer_key = correction_keys(exchange.pk, number)
            # A coordinator may already have reversed the transfer on the ledger's pages; that reversal stands.
            reversal = ledger_selectors.transfer_reversal(
                community=community, transfer=old_transfer
            ) or ledger_services.transfer_reverse(
                actor=actor,
                community=community,
                transfer=old_transfer,
                reason=reason,
                idempotency_key=reversal_key,
                workflow=SOURCE,
            )
            new_transfer = None
            if minutes:
                exchange.minutes = minutes
                new_transfer = pay_exchange(exchange, actor=actor, idempotency_key=transfer_key)
                exchange.transfer = new_transfer
            else:
                exchange.minutes = None
                exchange.transfer = None
                exchange.status = Exchange.Status.VOIDED
                exchange.closed_at = timezone.now()
            exchange.save()
            if exchange.activity_id is not None:
                activity_minutes_correct_from_workflow(
                    actor_user=actor.user,
                    community=community,
                    activity_id=exchange.activity_id,
                    minutes=minutes,
                    reason=reason,
                )
            correction = ExchangeCorrection.objects.create(
                community=community,
                exchange=exchange,
                number=number,
                minutes_before=before,
                minutes_after=minutes,
                reason=reason,
                corrected_by=actor.user,
                reversal=reversal,
                transfer=new_transfer,
                idempotency_key=key,
            )
            _audit(
                actor,
                community,
                exchange,
                "correct",
                Exchange.Status.CONFIRMED,
                minutes=[before, minutes],
                transfer=[old_transfer.pk, exchange.transfer_id],
                reversal=[None, reversal.pk],
                reason=[None, reason],
            )
            _notify(exchange, "corrected", actor)
    except IntegrityError:
        # Two retries with the same key raced and the other one won.
        earlier = _replayed(community, known_id(exchange_id), key)
        if earlier is not None:
            return earlier
        raise
    return correction
