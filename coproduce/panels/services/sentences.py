"""Sentences and their sanctions: setting them, progress, completion, reminders and escalation."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import DomainError, NotFound
from coproduce.panels import selectors
from coproduce.panels.models import Case, CaseStatus, Hearing, Sanction, SanctionKind, SanctionProgress, Sentence
from coproduce.panels.services._common import clean_text, is_int_between, lock_case, transition

ERR_JURY_DUTY_REQUIRED = _("Jury duty is part of every sentence: add at least one jury term.")
ERR_SANCTION_KIND = _("Choose a kind of sanction.")
ERR_SANCTION_TWICE = _("Each kind of sanction appears once in a sentence; change its amount instead.")
ERR_TARGET = _("%(kind)s must be a whole number from %(low)s to %(high)s.")
ERR_DUE_ON = _("The due date must be after today and within a year.")
ERR_NO_SANCTIONS = _("Add the sanctions the jury decided.")
ERR_SANCTION_ALREADY_COMPLETE = _("This sanction is already complete.")
ERR_AMOUNT = _("Enter how much was done as a whole number of at least 1.")
ERR_MORE_THAN_REMAINS = _("That is more than remains of this sanction (%(left)s left).")
ERR_SENTENCE_NOT_ACTIVE = _("Progress is recorded while the sentence is active; reinstate the sentence first.")

# (lowest, highest) target per kind: jury terms, hours of community service, or one task.
TARGET_RANGES = {
    SanctionKind.JURY_DUTY: (1, 12),
    SanctionKind.COMMUNITY_SERVICE: (1, 100),
    SanctionKind.APOLOGY: (1, 1),
    SanctionKind.ESSAY: (1, 1),
    SanctionKind.CLASS: (1, 10),
    SanctionKind.RESTITUTION: (1, 1),
}


@dataclass(frozen=True)
class SanctionInput:
    kind: str
    target: int = 1
    detail: str = ""


def sentence_set(
    *,
    actor: Membership,
    community: Community,
    case_id: int,
    sanctions: Iterable[SanctionInput],
    due_on: dt.date | None = None,
) -> Sentence:
    """Record the sentence the jury decided. Jury duty is part of every sentence; the due date defaults to the
    court's usual period."""
    require_coordinator(actor, community)
    sanctions = list(sanctions)
    today = timezone.localdate()
    due_on = due_on or today + dt.timedelta(days=selectors.settings_get(community=community).sentence_days)
    if not isinstance(due_on, dt.date) or not today < due_on <= today + dt.timedelta(days=365):
        raise DomainError(ERR_DUE_ON, field="due_on")
    if not sanctions:
        raise DomainError(ERR_NO_SANCTIONS, field="sanctions")
    kinds: set[str] = set()
    cleaned = []
    for s in sanctions:
        if s.kind not in SanctionKind.values:
            raise DomainError(ERR_SANCTION_KIND, field="sanctions")
        if s.kind in kinds:
            raise DomainError(ERR_SANCTION_TWICE, field="sanctions")
        kinds.add(s.kind)
        low, high = TARGET_RANGES[s.kind]  # type: ignore[index]
        if not is_int_between(s.target, low, high):
            raise DomainError(
                ERR_TARGET % {"kind": SanctionKind(s.kind).label, "low": low, "high": high}, field="sanctions"
            )
        cleaned.append(SanctionInput(s.kind, s.target, clean_text(s.detail, field="sanctions", max_length=300)))
    if SanctionKind.JURY_DUTY not in kinds:
        raise DomainError(ERR_JURY_DUTY_REQUIRED, field="sanctions")
    with transaction.atomic():
        case = lock_case(community, case_id)
        transition(
            case=case,
            to=CaseStatus.SENTENCE_ACTIVE,
            actor_user=actor.user,
            community=community,
            only_from=(CaseStatus.HEARD,),
            reason=str(_("Sentence due on %(date)s.") % {"date": due_on.isoformat()}),
        )
        sentence = Sentence.objects.create(community=community, case=case, due_on=due_on)
        Sanction.objects.bulk_create(
            [
                Sanction(community=community, sentence=sentence, kind=s.kind, target=s.target, detail=s.detail)
                for s in cleaned
            ]
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.sentence.set",
            target=sentence,
            changes={"due_on": [None, due_on], "sanctions": [None, sorted(kinds)]},
        )
    return sentence


def _lock_sanction(community: Community, sanction_id: int) -> tuple[Sanction, Case]:
    sanction = Sanction.objects.select_for_update().filter(community=community, pk=sanction_id).first()
    if sanction is None:
        raise NotFound()
    case = lock_case(community, Sentence.objects.get(pk=sanction.sentence_id).case_id)
    return sanction, case


def apply_progress(
    *,
    community: Community,
    sanction: Sanction,
    case: Case,
    amount: int,
    note: str,
    actor_user,
    hearing: Hearing | None = None,
) -> SanctionProgress:
    """Add progress to a locked sanction; when every sanction of the sentence is done the case completes and
    the referrer is told."""
    if sanction.is_complete:
        raise DomainError(ERR_SANCTION_ALREADY_COMPLETE, field="sanction", code="already_complete")
    if case.status != CaseStatus.SENTENCE_ACTIVE:
        raise DomainError(ERR_SENTENCE_NOT_ACTIVE, field="sanction")
    left = sanction.target - sanction.done
    if amount > left:
        raise DomainError(ERR_MORE_THAN_REMAINS % {"left": left}, field="amount")
    progress = SanctionProgress.objects.create(
        community=community, sanction=sanction, amount=amount, note=note, hearing=hearing, recorded_by=actor_user
    )
    before = sanction.done
    sanction.done += amount
    if sanction.done == sanction.target:
        sanction.completed_at = timezone.now()
    sanction.save(update_fields=["done", "completed_at", "updated_at"])
    audit_record(
        actor=actor_user,
        community=community,
        action="panels.sanction.progress",
        target=sanction,
        changes={"done": [before, sanction.done], "hearing": [None, hearing.pk if hearing else None]},
    )
    open_left = Sanction.objects.filter(sentence_id=sanction.sentence_id, completed_at__isnull=True).exists()
    if not open_left:
        Sentence.objects.filter(pk=sanction.sentence_id).update(completed_at=timezone.now())
        transition(
            case=case,
            to=CaseStatus.COMPLETED,
            actor_user=actor_user,
            community=community,
            reason=str(_("Every sanction completed.")),
        )
    return progress


def sanction_progress_record(
    *, actor: Membership, community: Community, sanction_id: int, amount: int, note: str = ""
) -> SanctionProgress:
    """Record a step towards a sanction, such as hours of community service done."""
    require_coordinator(actor, community)
    if not is_int_between(amount, 1, 200):
        raise DomainError(ERR_AMOUNT, field="amount")
    note = clean_text(note, field="note", max_length=300)
    with transaction.atomic():
        sanction, case = _lock_sanction(community, sanction_id)
        return apply_progress(
            community=community, sanction=sanction, case=case, amount=amount, note=note, actor_user=actor.user
        )


def sanction_complete(*, actor: Membership, community: Community, sanction_id: int, note: str = "") -> SanctionProgress:
    """Mark a sanction done (the apology given, the essay handed in). Completing one twice is refused."""
    require_coordinator(actor, community)
    note = clean_text(note, field="note", max_length=300)
    with transaction.atomic():
        sanction, case = _lock_sanction(community, sanction_id)
        return apply_progress(
            community=community,
            sanction=sanction,
            case=case,
            amount=max(1, sanction.target - sanction.done),
            note=note,
            actor_user=actor.user,
        )


def sentences_remind_and_escalate(*, community: Community, today: dt.date | None = None) -> tuple[int, int]:
    """The daily round: remind young people whose sentence falls due soon, and put overdue sentences in the
    coordinators' queue (telling them once). Returns (reminders, escalations)."""
    from coproduce.panels.tasks import notify_coordinators_overdue, send_sentence_reminder

    today = today or timezone.localdate()
    settings = selectors.settings_get(community=community)
    reminders = escalations = 0
    with transaction.atomic():
        active = Sentence.objects.select_for_update().filter(
            community=community, case__status=CaseStatus.SENTENCE_ACTIVE, completed_at__isnull=True
        )
        for sentence in active.filter(
            reminded_on__isnull=True, due_on__gte=today, due_on__lte=today + dt.timedelta(days=settings.reminder_days)
        ):
            sentence.reminded_on = today
            sentence.save(update_fields=["reminded_on", "updated_at"])
            audit_record(
                actor=None,
                community=community,
                action="panels.sentence.remind",
                target=sentence,
                changes={"reminded_on": [None, today]},
            )
            transaction.on_commit(partial(send_sentence_reminder.enqueue, sentence.pk))
            reminders += 1
        for sentence in active.filter(escalated_on__isnull=True, due_on__lt=today):
            sentence.escalated_on = today
            sentence.save(update_fields=["escalated_on", "updated_at"])
            audit_record(
                actor=None,
                community=community,
                action="panels.sentence.escalate",
                target=sentence,
                changes={"escalated_on": [None, today]},
            )
            transaction.on_commit(partial(notify_coordinators_overdue.enqueue, sentence.pk))
            escalations += 1
    return reminders, escalations
