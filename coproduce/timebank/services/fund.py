"""The community fund: members donate hours to it; coordinators allocate them to people who need help."""

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import DomainError
from coproduce.ledger import services as ledger_services
from coproduce.timebank.services._common import active_membership, active_organisation, acts_for, require_member
from coproduce.timebank.services.posting import account_of, fund_account

MAX_FUND_MINUTES = 200 * 60
ERR_FUND_MINUTES = _("Enter the time as a whole number of minutes from 1 to 12000 (200 hours).")
ERR_REASON_REQUIRED = _("Say why these hours are given, for the fund's record.")
ERR_ALLOCATE_SELF = _("A coordinator cannot allocate hours from the fund to themselves.")
ERR_DONATE_FOR = _("You can donate only your own hours, or as a coordinator for a member you help.")
ERR_RECIPIENT = _("Choose who receives the hours: a member or an organisation.")
ERR_FUND_SHORT = _("The community fund does not hold that many hours.")


def _fund_minutes(minutes: object) -> int:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= MAX_FUND_MINUTES:
        raise DomainError(ERR_FUND_MINUTES, field="minutes")
    return minutes


def _key(kind: str, idempotency_key: str) -> str:
    return f"timebank-fund-{kind}-{(idempotency_key or '').strip()[:80] or uuid.uuid4().hex}"


def fund_donate(
    *,
    actor: Membership,
    community: Community,
    minutes: int,
    membership_id: int | None = None,
    note: str = "",
    idempotency_key: str = "",
):
    """Give hours from one's own account to the community fund (a coordinator may do it for a brokered member)."""
    require_member(actor, community)
    minutes = _fund_minutes(minutes)
    donor = actor
    if membership_id and membership_id != actor.pk:
        donor = active_membership(community, membership_id, field="membership")
        if not acts_for(actor, membership=donor):
            raise DomainError(ERR_DONATE_FOR, field="membership")
    note = " ".join((note or "").split())[:300]
    with transaction.atomic():
        transfer = ledger_services.transfer_create(
            actor=actor,
            community=community,
            from_account=account_of(community, membership=donor),
            to_account=fund_account(community),
            minutes=minutes,
            kind="donation",
            idempotency_key=_key("donation", idempotency_key),
            memo=note or str(_("Donation to the community fund")),
            workflow="timebank",
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.fund.donate",
            target=transfer,
            changes={"minutes": [None, minutes], "donor": [None, donor.pk]},
        )
    return transfer


def fund_allocate(
    *,
    actor: Membership,
    community: Community,
    minutes: int,
    reason: str,
    membership_id: int | None = None,
    organisation_id: int | None = None,
    idempotency_key: str = "",
):
    """A coordinator gives hours from the fund to a member (or an organisation) who needs help."""
    require_coordinator(actor, community)
    minutes = _fund_minutes(minutes)
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise DomainError(ERR_REASON_REQUIRED, field="reason")
    if bool(membership_id) == bool(organisation_id):
        raise DomainError(ERR_RECIPIENT, field="membership")
    recipient = active_membership(community, membership_id, field="membership") if membership_id else None
    organisation = active_organisation(community, organisation_id, field="organisation") if organisation_id else None
    if recipient is not None and recipient.pk == actor.pk:
        raise DomainError(ERR_ALLOCATE_SELF, field="membership")
    with transaction.atomic():
        try:
            # A fund with no floor of its own would otherwise hand out hours it was never given. The ledger checks
            # the floor of 0 under the fund's row lock, so two coordinators allocating at once cannot overdraw it.
            transfer = ledger_services.transfer_create(
                actor=actor,
                community=community,
                from_account=fund_account(community),
                to_account=account_of(community, membership=recipient, organisation=organisation),
                minutes=minutes,
                kind="grant",
                idempotency_key=_key("grant", idempotency_key),
                memo=reason,
                workflow="timebank",
                default_floor=0,
            )
        except DomainError as error:
            if error.code == "below_default_floor":
                raise DomainError(ERR_FUND_SHORT, field="minutes") from None
            raise
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.fund.allocate",
            target=transfer,
            changes={
                "minutes": [None, minutes],
                "recipient": [None, recipient.pk if recipient is not None else f"organisation {organisation_id}"],
                "reason": [None, reason],
            },
        )
    return transfer
