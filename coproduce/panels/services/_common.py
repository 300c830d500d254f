"""Pieces every panels service uses: messages, text cleaning, locking and the one way a case changes state."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.core.errors import DomainError, NotFound
from coproduce.panels.models import TRANSITIONS, Case, CaseEvent, CaseStatus, Hearing

SOURCE = "panels"
SERVICE_NAME = "Youth court"
SERVICE_DESCRIPTION = "A youth court whose jurors are young people who once stood before it."
POOL_CODE = "youth_court"
JURY_SERVICE_KIND = "jury_service"

ERR_TEXT = _("Enter text.")
ERR_TOO_LONG = _("Keep this to %(limit)d characters or fewer.")
ERR_INVALID_TRANSITION = _("A case that is “%(from)s” cannot become “%(to)s”.")
ERR_REASON_REQUIRED = _("Give a reason; it is kept with the case.")


def clean_text(value: object, *, field: str, max_length: int, required: object = None) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str) or "\x00" in value:
        raise DomainError(ERR_TEXT, field=field)
    value = value.strip()
    if required is not None and not value:
        raise DomainError(required, field=field)
    if len(value) > max_length:
        raise DomainError(ERR_TOO_LONG % {"limit": max_length}, field=field)
    return value


def is_int_between(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def lock_case(community: Community, case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(community=community, pk=case_id).first()
    if case is None:
        raise NotFound()
    return case


def lock_hearing(community: Community, hearing_id: int) -> Hearing:
    hearing = Hearing.objects.select_for_update().filter(community=community, pk=hearing_id).first()
    if hearing is None:
        raise NotFound()
    return hearing


def active_member(community: Community, membership_id: object, field: str, message: object) -> Membership:
    membership = None
    if isinstance(membership_id, int) and is_int_between(membership_id, 1, 2**63 - 1):
        membership = (
            Membership.objects.filter(community=community, pk=membership_id, status=Membership.Status.ACTIVE)
            .select_related("user")
            .first()
        )
    if membership is None:
        raise DomainError(message, field=field)
    return membership


def transition(
    *, case: Case, to: str, actor_user, community: Community, reason: str = "", only_from: tuple[str, ...] | None = None
) -> CaseEvent:
    """Move a locked case to `to`, or refuse when the move is not in TRANSITIONS or the calling action does
    not start from the case's state (`only_from`). Writes the case's event (who, when, why) and the audit row
    in the caller's transaction."""
    current = case.status
    if to not in TRANSITIONS.get(current, frozenset()) or (only_from is not None and current not in only_from):
        raise DomainError(
            ERR_INVALID_TRANSITION % {"from": CaseStatus(current).label, "to": CaseStatus(to).label},
            field="status",
            code="invalid_transition",
        )
    case.status = to
    case.status_reason = reason
    if to in (CaseStatus.COMPLETED, CaseStatus.RETURNED):
        case.closed_at = timezone.now()
    case.save()
    event = CaseEvent.objects.create(
        community=community, case=case, from_status=current, to_status=to, reason=reason, actor=actor_user
    )
    audit_record(
        actor=actor_user,
        community=community,
        action=f"panels.case.{to}",
        target=case,
        changes={"status": [current, to], "reason": [None, reason]},
    )
    if to in (CaseStatus.COMPLETED, CaseStatus.RETURNED) and case.referrer_email:
        from coproduce.panels.tasks import notify_referrer

        case_id = case.pk
        transaction.on_commit(lambda: notify_referrer.enqueue(case_id))
    return event
