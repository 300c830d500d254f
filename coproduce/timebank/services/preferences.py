"""What the time bank may send each member."""

from django.db import transaction
from django.utils import timezone

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.core.errors import NotFound
from coproduce.timebank.models import Exchange, MemberPreference
from coproduce.timebank.services._common import active_membership, acts_for, require_member


def preference_update(
    *, actor: Membership, community: Community, weekly_digest: bool, membership_id: int | None = None
) -> MemberPreference:
    """Turn the weekly digest of new listings on or off, for oneself (or a brokered member)."""
    require_member(actor, community)
    target = actor
    if membership_id and membership_id != actor.pk:
        target = active_membership(community, membership_id, field="membership")
        if not acts_for(actor, membership=target):
            raise NotFound()
    with transaction.atomic():
        preference, _created = MemberPreference.objects.select_for_update().get_or_create(
            community=community, membership=target
        )
        before = preference.weekly_digest
        preference.weekly_digest = bool(weekly_digest)
        preference.save()
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.preference.update",
            target=preference,
            changes={"weekly_digest": [before, preference.weekly_digest]} if before != preference.weekly_digest else {},
        )
    return preference


def digest_mark_sent(*, community: Community, membership_id: int, sent_at) -> None:
    """Remember when a member's digest went out, so the next one covers only newer listings."""
    with transaction.atomic():
        preference, _created = MemberPreference.objects.select_for_update().get_or_create(
            community=community, membership_id=membership_id
        )
        preference.last_digest_sent_at = sent_at
        preference.save(update_fields=["last_digest_sent_at", "updated_at"])


REMINDER_FIELDS = ("confirm_reminder_sent_at", "log_reminder_sent_at")


def reminder_claim(*, community: Community, exchange_id: int, field: str) -> bool:
    """Mark a reminder as sent before sending it, so two workers never send the same reminder twice.
    True when this caller won the claim."""
    if field not in REMINDER_FIELDS:
        raise ValueError(field)
    return (
        Exchange.objects.filter(community=community, pk=exchange_id, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
        == 1
    )
