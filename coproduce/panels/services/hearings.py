"""Hearings: who presides, who leads, who sits on the jury, and what happens when a hearing is held."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
from coproduce.coproduction.services import ContributionInput, activity_record_from_workflow, service_for_workflow
from coproduce.core.errors import DomainError
from coproduce.ledger.services import PoolCredit, pool_credit
from coproduce.panels import selectors
from coproduce.panels.models import Case, CaseStatus, Hearing, HearingJuror, Sanction, SanctionKind
from coproduce.panels.services._common import (
    ERR_REASON_REQUIRED,
    JURY_SERVICE_KIND,
    POOL_CODE,
    SERVICE_DESCRIPTION,
    SERVICE_NAME,
    SOURCE,
    active_member,
    clean_text,
    is_int_between,
    lock_hearing,
    transition,
)
from coproduce.panels.services.sentences import apply_progress

ERR_WHEN = _("Enter the date and time of the hearing.")
ERR_PRESIDING = _("The presiding adult must be an active professional member of the court.")
ERR_HEARING_CLOSED = _("This hearing has already been held or cancelled.")
ERR_NOT_TRAINED = _("Only trained jurors can sit on a jury: record their juror training first.")
ERR_NOT_FORMER_RESPONDENT = _("Jurors are young people whose own case the court has heard.")
ERR_JUROR_MEMBER = _("Choose an active member of the court.")
ERR_ALREADY_JUROR = _("Already on this jury.")
ERR_JUROR_IS_RESPONDENT = _("A young person cannot sit on the jury at their own hearing.")
ERR_JUROR_OTHER_ROLE = _("The presiding adult and the foreperson cannot also sit as jurors.")
ERR_FOREPERSON_INEXPERIENCED = _(
    "A foreperson has sat on at least %(n)s juries before leading one; this young person has sat on %(served)s."
)
ERR_NO_FOREPERSON = _("Choose a foreperson before recording the hearing.")
ERR_NOT_YET_HELD = _("A hearing is recorded after it has taken place.")
ERR_TOO_FEW_JURORS = _("At least %(n)s jurors must have sat for the hearing to stand.")
ERR_ATTENDEE_NOT_ON_JURY = _("Only jurors on this hearing's jury can be recorded as attending.")
ERR_NO_CASES_HEARD = _("Tick at least one case that was heard.")
ERR_CASE_NOT_ON_HEARING = _("Only cases scheduled for this hearing can be recorded as heard.")
ERR_DURATION = _("The length must be a whole number of minutes from 1 to 1440.")
ERR_NOT_HELD = _("Jury service is paid once the hearing has been recorded.")


def _check_juror(community: Community, hearing: Hearing, person: Membership, *, as_foreperson: bool) -> None:
    """Refuse anyone who may not sit: untrained, never a respondent, or serving in another role here."""
    if not selectors.is_trained(community=community, membership=person):
        raise DomainError(ERR_NOT_TRAINED, field="membership_id", code="not_trained")
    if not selectors.is_former_respondent(community=community, membership=person):
        raise DomainError(ERR_NOT_FORMER_RESPONDENT, field="membership_id")
    if Case.objects.filter(
        community=community, hearing=hearing, respondent=person, status=CaseStatus.HEARING_SCHEDULED
    ).exists():
        raise DomainError(ERR_JUROR_IS_RESPONDENT, field="membership_id")
    if person.pk == hearing.presiding_id:
        raise DomainError(ERR_JUROR_OTHER_ROLE, field="membership_id")
    if as_foreperson:
        needed = selectors.settings_get(community=community).foreperson_min_juries
        served = selectors.juries_served(community=community, membership=person)
        if served < needed:
            raise DomainError(ERR_FOREPERSON_INEXPERIENCED % {"n": needed, "served": served}, field="membership_id")
        if HearingJuror.objects.filter(hearing=hearing, membership=person).exists():
            raise DomainError(ERR_JUROR_OTHER_ROLE, field="membership_id")
    elif person.pk == hearing.foreperson_id:
        raise DomainError(ERR_JUROR_OTHER_ROLE, field="membership_id")


def hearing_create(
    *,
    actor: Membership,
    community: Community,
    scheduled_for: dt.datetime,
    presiding_id: int,
    location: str = "",
    foreperson_id: int | None = None,
) -> Hearing:
    require_coordinator(actor, community)
    if not isinstance(scheduled_for, dt.datetime) or scheduled_for.tzinfo is None:
        raise DomainError(ERR_WHEN, field="scheduled_for")
    location = clean_text(location, field="location", max_length=120)
    presiding = active_member(community, presiding_id, "presiding_id", ERR_PRESIDING)
    if presiding.kind != Membership.Kind.PROFESSIONAL:
        raise DomainError(ERR_PRESIDING, field="presiding_id")
    with transaction.atomic():
        hearing = Hearing.objects.create(
            community=community, scheduled_for=scheduled_for, location=location, presiding=presiding
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.hearing.create",
            target=hearing,
            changes={"scheduled_for": [None, scheduled_for], "presiding": [None, presiding.pk]},
        )
    if foreperson_id is not None:
        hearing = hearing_foreperson_set(
            actor=actor, community=community, hearing_id=hearing.pk, membership_id=foreperson_id
        )
    return hearing


def hearing_foreperson_set(*, actor: Membership, community: Community, hearing_id: int, membership_id: int) -> Hearing:
    """The foreperson is a trained former respondent who has already sat on enough juries."""
    require_coordinator(actor, community)
    with transaction.atomic():
        hearing = lock_hearing(community, hearing_id)
        if hearing.status != Hearing.Status.SCHEDULED:
            raise DomainError(ERR_HEARING_CLOSED)
        person = active_member(community, membership_id, "membership_id", ERR_JUROR_MEMBER)
        _check_juror(community, hearing, person, as_foreperson=True)
        old = hearing.foreperson_id
        hearing.foreperson = person
        hearing.save(update_fields=["foreperson", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.hearing.foreperson",
            target=hearing,
            changes={"foreperson": [old, person.pk]},
        )
    return hearing


def hearing_juror_add(*, actor: Membership, community: Community, hearing_id: int, membership_id: int) -> HearingJuror:
    """Add a juror: a trained young person whose own case the court has heard. Anyone else is refused."""
    require_coordinator(actor, community)
    with transaction.atomic():
        hearing = lock_hearing(community, hearing_id)
        if hearing.status != Hearing.Status.SCHEDULED:
            raise DomainError(ERR_HEARING_CLOSED)
        person = active_member(community, membership_id, "membership_id", ERR_JUROR_MEMBER)
        if HearingJuror.objects.filter(hearing=hearing, membership=person).exists():
            raise DomainError(ERR_ALREADY_JUROR, field="membership_id")
        _check_juror(community, hearing, person, as_foreperson=False)
        juror = HearingJuror.objects.create(community=community, hearing=hearing, membership=person)
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.hearing.juror_add",
            target=juror,
            changes={"hearing": [None, hearing.pk], "membership": [None, person.pk]},
        )
    return juror


def hearing_juror_remove(*, actor: Membership, community: Community, hearing_id: int, membership_id: int) -> None:
    require_coordinator(actor, community)
    with transaction.atomic():
        hearing = lock_hearing(community, hearing_id)
        if hearing.status != Hearing.Status.SCHEDULED:
            raise DomainError(ERR_HEARING_CLOSED)
        juror = HearingJuror.objects.filter(community=community, hearing=hearing, membership_id=membership_id).first()
        if juror is None:
            raise DomainError(_("Not on this jury."), field="membership_id")
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.hearing.juror_remove",
            target=hearing,
            changes={"juror": [membership_id, None]},
        )
        juror.delete()


def hearing_cancel(*, actor: Membership, community: Community, hearing_id: int, reason: str) -> Hearing:
    """Cancel a hearing; its cases go back to intake to be scheduled again."""
    require_coordinator(actor, community)
    reason = clean_text(reason, field="reason", max_length=2000, required=ERR_REASON_REQUIRED)
    with transaction.atomic():
        hearing = lock_hearing(community, hearing_id)
        if hearing.status != Hearing.Status.SCHEDULED:
            raise DomainError(ERR_HEARING_CLOSED)
        hearing.status = Hearing.Status.CANCELLED
        hearing.save(update_fields=["status", "updated_at"])
        for case in (
            Case.objects.select_for_update()
            .filter(community=community, hearing=hearing, status=CaseStatus.HEARING_SCHEDULED)
            .order_by("pk")
        ):
            transition(
                case=case,
                to=CaseStatus.INTAKE,
                actor_user=actor.user,
                community=community,
                only_from=(CaseStatus.HEARING_SCHEDULED,),
                reason=str(_("Hearing cancelled: %(reason)s") % {"reason": reason}),
            )
            case.hearing = None
            case.save(update_fields=["hearing", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.hearing.cancel",
            target=hearing,
            changes={"status": [Hearing.Status.SCHEDULED, Hearing.Status.CANCELLED], "reason": [None, reason]},
        )
    return hearing


def hearing_record(
    *,
    actor: Membership,
    community: Community,
    hearing_id: int,
    duration_minutes: int,
    attended_juror_ids: Iterable[int],
    heard_case_ids: Iterable[int],
    notes: str = "",
) -> Hearing:
    """Record a hearing that took place.

    It becomes a co-delivery activity: jurors "gave" their time and "decided", the foreperson "facilitated"
    and "decided", the presiding adult "facilitated" and each respondent "received". Minutes are counted once
    per person (the "decided" rows carry none), so time is never double-counted. Every juror and the foreperson
    earn their minutes from the court's pool, once per hearing, and a jury term counts towards their own jury
    duty if they are serving a sentence. The cases heard move on to "heard".
    """
    require_coordinator(actor, community)
    attended = list(dict.fromkeys(attended_juror_ids))
    heard = list(dict.fromkeys(heard_case_ids))
    notes = clean_text(notes, field="notes", max_length=5000)
    if not is_int_between(duration_minutes, 1, 24 * 60):
        raise DomainError(ERR_DURATION, field="duration_minutes")
    if not heard:
        raise DomainError(ERR_NO_CASES_HEARD, field="heard_case_ids")
    with transaction.atomic():
        hearing = lock_hearing(community, hearing_id)
        if hearing.status != Hearing.Status.SCHEDULED:
            raise DomainError(ERR_HEARING_CLOSED)
        if hearing.scheduled_for > timezone.now():
            raise DomainError(ERR_NOT_YET_HELD)
        if hearing.foreperson_id is None:
            raise DomainError(ERR_NO_FOREPERSON, field="foreperson")
        jury = set(HearingJuror.objects.filter(hearing=hearing).values_list("membership_id", flat=True))
        if not set(attended) <= jury:
            raise DomainError(ERR_ATTENDEE_NOT_ON_JURY, field="attended_juror_ids")
        needed = selectors.settings_get(community=community).min_jurors
        if len(attended) < needed:
            raise DomainError(ERR_TOO_FEW_JURORS % {"n": needed}, field="attended_juror_ids")
        cases = list(Case.objects.select_for_update().filter(community=community, pk__in=heard).order_by("pk"))
        if len(cases) != len(heard) or any(
            c.hearing_id != hearing.pk or c.status != CaseStatus.HEARING_SCHEDULED for c in cases
        ):
            raise DomainError(ERR_CASE_NOT_ON_HEARING, field="heard_case_ids")
        minutes = duration_minutes
        contributions = [
            ContributionInput(hearing.presiding_id, ContributionRole.FACILITATED, minutes),
            ContributionInput(hearing.foreperson_id, ContributionRole.FACILITATED, minutes),
            ContributionInput(hearing.foreperson_id, ContributionRole.DECIDED, 0),
        ]
        for pk in attended:
            contributions += [
                ContributionInput(pk, ContributionRole.GAVE, minutes),
                ContributionInput(pk, ContributionRole.DECIDED, 0),
            ]
        contributions += [ContributionInput(c.respondent_id, ContributionRole.RECEIVED, minutes) for c in cases]  # type: ignore[arg-type]
        service = service_for_workflow(community=community, name=SERVICE_NAME, description=SERVICE_DESCRIPTION)
        activity = activity_record_from_workflow(
            actor_user=actor.user,
            community=community,
            service=service,
            kind=ActivityKind.HEARING,
            phase=Phase.DELIVER,
            title=str(_("Youth court hearing")),
            occurred_at=hearing.scheduled_for,
            contributions=contributions,
            source=SOURCE,
            location=hearing.location,
            notes=notes,
        )
        HearingJuror.objects.filter(hearing=hearing).update(attended=False)
        HearingJuror.objects.filter(hearing=hearing, membership_id__in=attended).update(attended=True)
        hearing.status = Hearing.Status.HELD
        hearing.duration_minutes = duration_minutes
        hearing.held_at = timezone.now()
        hearing.notes = notes
        hearing.activity = activity
        hearing.save()
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.hearing.record",
            target=hearing,
            changes={
                "status": [Hearing.Status.SCHEDULED, Hearing.Status.HELD],
                "jurors": [None, len(attended)],
                "cases": [None, len(cases)],
                "activity": [None, activity.pk],
            },
        )
        for case in cases:
            transition(
                case=case,
                to=CaseStatus.HEARD,
                actor_user=actor.user,
                community=community,
                reason=str(_("Heard by the jury.")),
            )
        serving = sorted(pk for pk in {*attended, hearing.foreperson_id} if pk is not None)
        _pay_jury_service(actor=actor, community=community, hearing=hearing, member_ids=serving)
        for pk in serving:
            _count_jury_term(actor=actor, community=community, hearing=hearing, membership_id=pk)
    return hearing


def jury_service_key(hearing: Hearing, membership_id: int) -> str:
    return f"panels:hearing:{hearing.pk}:juror:{membership_id}"


def _pay_jury_service(*, actor: Membership, community: Community, hearing: Hearing, member_ids: list[int]) -> int:
    pool_credit(
        actor=actor,
        community=community,
        pool=POOL_CODE,
        credits=[
            PoolCredit(
                to=membership,
                minutes=int(hearing.duration_minutes or 0),
                idempotency_key=jury_service_key(hearing, membership.pk),
                memo=str(_("Jury service")),
            )
            for membership in Membership.objects.filter(community=community, pk__in=member_ids).order_by("pk")
        ],
        kind=JURY_SERVICE_KIND,
        activity=hearing.activity,
        workflow=SOURCE,
    )
    return len(member_ids)


def _count_jury_term(*, actor: Membership, community: Community, hearing: Hearing, membership_id: int) -> None:
    sanction = (
        Sanction.objects.select_for_update()
        .filter(
            community=community,
            kind=SanctionKind.JURY_DUTY,
            completed_at__isnull=True,
            sentence__case__respondent_id=membership_id,
            sentence__case__status=CaseStatus.SENTENCE_ACTIVE,
        )
        .order_by("sentence__due_on")
        .first()
    )
    if sanction is None:
        return
    case = Case.objects.select_for_update().get(sentence__sanctions=sanction)
    apply_progress(
        community=community,
        sanction=sanction,
        case=case,
        amount=1,
        hearing=hearing,
        note=str(_("Jury term served")),
        actor_user=actor.user,
    )


def hearing_credits_post(*, actor: Membership, community: Community, hearing_id: int) -> int:
    """Pay jury service for a held hearing again if a payment failed. Each juror is paid once per hearing
    whatever happens: the idempotency key is made of the hearing and the juror."""
    require_coordinator(actor, community)
    with transaction.atomic():
        hearing = lock_hearing(community, hearing_id)
        if hearing.status != Hearing.Status.HELD:
            raise DomainError(ERR_NOT_HELD)
        attended = HearingJuror.objects.filter(hearing=hearing, attended=True).values_list("membership_id", flat=True)
        serving = sorted(pk for pk in {*attended, hearing.foreperson_id} if pk is not None)
        return _pay_jury_service(actor=actor, community=community, hearing=hearing, member_ids=serving)
