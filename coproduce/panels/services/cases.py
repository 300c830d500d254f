"""Referrals and the life of a case: intake, scheduling, return, non-compliance, and re-referral checks."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership, Organisation
from coproduce.communities.services import membership_add_offline, require_coordinator
from coproduce.core.errors import DomainError
from coproduce.panels import selectors
from coproduce.panels.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CourtSettings,
    Hearing,
    HearingJuror,
    OffenceCategory,
    ReferralSource,
    ReReferralCheck,
    Sentence,
)
from coproduce.panels.services._common import (
    ERR_REASON_REQUIRED,
    active_member,
    clean_text,
    is_int_between,
    lock_case,
    transition,
)

ERR_SOURCE = _("Choose who referred the young person: a school, the police or someone else.")
ERR_REFERRER_NAME = _("Enter the name of the person who made the referral.")
ERR_EMAIL = _("Enter an email address like name@example.org, or leave it empty.")
ERR_FIRST_NAME = _("Enter the young person's first name.")
ERR_LAST_NAME = _("Enter the young person's last name.")
ERR_BIRTH_DATE = _("Enter the young person's date of birth.")
ERR_OFFENCE = _("Choose the kind of offence.")
ERR_OFFENCE_DATE = _("The offence cannot be in the future.")
ERR_PREVIOUS = _("Enter the number of previous offences as a whole number.")
ERR_ORGANISATION = _("Choose an organisation of this community.")
ERR_AGE = _("The court hears young people aged %(min)s to %(max)s; this young person is %(age)s.")
ERR_TOO_MANY_OFFENCES = _(
    "The court hears first and second offences only: this young person has %(n)s previous offences."
)
ERR_VIOLENT = _("The court hears non-violent offences only. The referral goes back to the referrer.")
ERR_NOT_ADMITTED = _(
    "The young person must admit responsibility: the jury decides a fair sentence, not guilt. "
    "The referral goes back to the referrer."
)
ERR_YOUNG_PERSON_CONSENT = _("Record the young person's consent to have their case heard by the court.")
ERR_GUARDIAN_CONSENT = _("Record the consent of a parent or guardian.")
ERR_GUARDIAN_NAME = _("Enter the name of the parent or guardian who consented.")
ERR_RESPONDENT = _("Choose an active member who uses services, or leave it empty to add the young person.")
ERR_RESPONDENT_HAS_OPEN_CASE = _("This young person already has an open case.")
ERR_HEARING_NOT_SCHEDULED = _("Choose a hearing that is still to come.")
ERR_HEARING_PAST = _("That hearing has already started; choose a later one.")
ERR_RESPONDENT_SERVES = _("The young person serves at that hearing; their case must be heard at another.")
ERR_DUE_DATE = _("Give a new due date after today and within a year.")
ERR_MONTHS = _("Choose the check at 6 or 12 months.")
ERR_OUTCOME = _("Choose whether the young person re-offended: yes, no or not known.")
ERR_CHECK_NOT_COMPLETED = _("Re-referral checks are recorded for completed cases.")
ERR_CHECK_NOT_DUE = _("The %(months)s-month check is due on %(date)s.")
ERR_CHECK_DONE = _("This check has already been recorded.")
ERR_SETTINGS = _("Check the court's settings: %(problem)s")

OPEN_STATUSES = [s for s in CaseStatus.values if s not in (CaseStatus.COMPLETED, CaseStatus.RETURNED)]


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def eligibility_problem(
    *,
    settings: CourtSettings,
    date_of_birth: dt.date,
    previous_offences: int,
    offence_violent: bool,
    responsibility_admitted: bool,
    today: dt.date | None = None,
) -> DomainError | None:
    """Why a referral cannot be heard, or None when it can. Ages are counted on the day of referral."""
    today = today or timezone.localdate()
    age = _age_on(date_of_birth, today)
    if age < settings.min_age or age > settings.max_age:
        return DomainError(
            ERR_AGE % {"min": settings.min_age, "max": settings.max_age, "age": age},
            field="date_of_birth",
            code="ineligible",
        )
    if offence_violent:
        return DomainError(ERR_VIOLENT, field="offence_violent", code="ineligible")
    if previous_offences > settings.max_previous_offences:
        return DomainError(
            ERR_TOO_MANY_OFFENCES % {"n": previous_offences}, field="previous_offences", code="ineligible"
        )
    if not responsibility_admitted:
        return DomainError(ERR_NOT_ADMITTED, field="responsibility_admitted", code="ineligible")
    return None


def _email(value: object, field: str) -> str:
    email = clean_text(value, field=field, max_length=254).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(ERR_EMAIL, field=field) from None
    return email


def settings_update(*, actor: Membership, community: Community, **fields) -> CourtSettings:
    """Change who the court hears and how it runs."""
    require_coordinator(actor, community)
    allowed = {
        "min_age",
        "max_age",
        "max_previous_offences",
        "sentence_days",
        "reminder_days",
        "min_jurors",
        "foreperson_min_juries",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(ERR_SETTINGS % {"problem": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        if not is_int_between(value, 0, 365):
            raise DomainError(ERR_SETTINGS % {"problem": name}, field=name)
    with transaction.atomic():
        settings, _created = CourtSettings.objects.select_for_update().get_or_create(community=community)
        before = {name: getattr(settings, name) for name in allowed}
        for name, value in fields.items():
            setattr(settings, name, value)
        if not 8 <= settings.min_age <= settings.max_age <= 25:
            raise DomainError(
                _("The age range must run from a younger to an older age, between 8 and 25."), field="min_age"
            )
        if not 7 <= settings.sentence_days <= 365:
            raise DomainError(_("Sentences take from 7 to 365 days."), field="sentence_days")
        if not 1 <= settings.min_jurors <= 12:
            raise DomainError(_("A hearing needs from 1 to 12 jurors."), field="min_jurors")
        settings.save()
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.settings_update",
            target=settings,
            changes={k: [before[k], getattr(settings, k)] for k in allowed if before[k] != getattr(settings, k)},
        )
    return settings


def referral_create(
    *,
    actor: Membership,
    community: Community,
    referral_source: str,
    referrer_name: str,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date,
    offence_category: str,
    previous_offences: int,
    offence_violent: bool,
    responsibility_admitted: bool,
    referrer_email: str = "",
    organisation_id: int | None = None,
    offence_summary: str = "",
    offence_date: dt.date | None = None,
    address: str = "",
    school: str = "",
    contact_phone: str = "",
    guardian_name: str = "",
    guardian_email: str = "",
    guardian_phone: str = "",
    panel_question: str = "",
) -> Case:
    """Take a referral from a school, the police or someone else.

    An ineligible referral (outside the age range, a violent offence, more previous offences than the court
    allows, responsibility not admitted) is refused with the reason and nothing is stored, so the coordinator
    can tell the referrer why.
    """
    require_coordinator(actor, community)
    if referral_source not in ReferralSource.values:
        raise DomainError(ERR_SOURCE, field="referral_source")
    data = {
        "referrer_name": clean_text(referrer_name, field="referrer_name", max_length=150, required=ERR_REFERRER_NAME),
        "referrer_email": _email(referrer_email, "referrer_email"),
        "first_name": clean_text(first_name, field="first_name", max_length=80, required=ERR_FIRST_NAME),
        "last_name": clean_text(last_name, field="last_name", max_length=80, required=ERR_LAST_NAME),
        "offence_summary": clean_text(offence_summary, field="offence_summary", max_length=5000),
        "address": clean_text(address, field="address", max_length=1000),
        "school": clean_text(school, field="school", max_length=150),
        "contact_phone": clean_text(contact_phone, field="contact_phone", max_length=40),
        "guardian_name": clean_text(guardian_name, field="guardian_name", max_length=150),
        "guardian_email": _email(guardian_email, "guardian_email"),
        "guardian_phone": clean_text(guardian_phone, field="guardian_phone", max_length=40),
        "panel_question": clean_text(panel_question, field="panel_question", max_length=2000),
    }
    if not isinstance(date_of_birth, dt.date):
        raise DomainError(ERR_BIRTH_DATE, field="date_of_birth")
    if offence_category not in OffenceCategory.values:
        raise DomainError(ERR_OFFENCE, field="offence_category")
    if offence_date is not None and offence_date > timezone.localdate():
        raise DomainError(ERR_OFFENCE_DATE, field="offence_date")
    if not is_int_between(previous_offences, 0, 99):
        raise DomainError(ERR_PREVIOUS, field="previous_offences")
    organisation = None
    if organisation_id is not None:
        organisation = Organisation.objects.filter(community=community, pk=organisation_id).first()
        if organisation is None:
            raise DomainError(ERR_ORGANISATION, field="organisation_id")
    problem = eligibility_problem(
        settings=selectors.settings_get(community=community),
        date_of_birth=date_of_birth,
        previous_offences=previous_offences,
        offence_violent=bool(offence_violent),
        responsibility_admitted=bool(responsibility_admitted),
    )
    if problem is not None:
        raise problem
    with transaction.atomic():
        # The community row lock keeps case numbers consecutive when two referrals arrive at once.
        Community.objects.select_for_update().filter(pk=community.pk).first()
        number = (Case.objects.filter(community=community).aggregate(n=Max("number"))["n"] or 0) + 1
        case = Case.objects.create(
            community=community,
            number=number,
            referral_source=referral_source,
            organisation=organisation,
            date_of_birth=date_of_birth,
            offence_category=offence_category,
            offence_date=offence_date,
            previous_offences=previous_offences,
            offence_violent=False,
            responsibility_admitted=True,
            referred_at=timezone.now(),
            **data,
        )
        CaseEvent.objects.create(
            community=community,
            case=case,
            from_status="",
            to_status=CaseStatus.REFERRAL,
            reason=f"{case.get_referral_source_display()}: {data['referrer_name']}",
            actor=actor.user,
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.case.referral",
            target=case,
            changes={"status": [None, CaseStatus.REFERRAL], "source": [None, referral_source]},
        )
    return case


def case_intake(
    *,
    actor: Membership,
    community: Community,
    case_id: int,
    young_person_consent: bool,
    guardian_consent: bool,
    guardian_name: str = "",
    consent_on: dt.date | None = None,
    respondent_id: int | None = None,
    panel_question: str = "",
) -> Case:
    """Meet the young person and their family: record both consents and who the respondent is.

    Without a `respondent_id`, the young person is added as a member the coordinator acts for, named by first
    name and initial only, so other members never see their full name.
    """
    require_coordinator(actor, community)
    if not young_person_consent:
        raise DomainError(ERR_YOUNG_PERSON_CONSENT, field="young_person_consent")
    if not guardian_consent:
        raise DomainError(ERR_GUARDIAN_CONSENT, field="guardian_consent")
    guardian_name = clean_text(guardian_name, field="guardian_name", max_length=150)
    panel_question = clean_text(panel_question, field="panel_question", max_length=2000)
    consent_on = consent_on or timezone.localdate()
    if consent_on > timezone.localdate():
        raise DomainError(_("Consent cannot be dated in the future."), field="consent_on")
    with transaction.atomic():
        case = lock_case(community, case_id)
        if not (guardian_name or case.guardian_name):
            raise DomainError(ERR_GUARDIAN_NAME, field="guardian_name")
        if respondent_id is not None:
            respondent = active_member(community, respondent_id, "respondent_id", ERR_RESPONDENT)
            if respondent.kind != Membership.Kind.CITIZEN:
                raise DomainError(ERR_RESPONDENT, field="respondent_id")
            if (
                Case.objects.filter(community=community, respondent=respondent, status__in=OPEN_STATUSES)
                .exclude(pk=case.pk)
                .exists()
            ):
                raise DomainError(ERR_RESPONDENT_HAS_OPEN_CASE, field="respondent_id")
        elif case.status == CaseStatus.REFERRAL:
            respondent = membership_add_offline(
                actor=actor, community=community, name=f"{case.first_name} {case.last_name[:1]}."
            )
        else:
            respondent = case.respondent  # type: ignore[assignment]
        case.young_person_consent_on = consent_on
        case.guardian_consent_on = consent_on
        case.respondent = respondent
        if guardian_name:
            case.guardian_name = guardian_name
        if panel_question:
            case.panel_question = panel_question
        transition(
            case=case,
            to=CaseStatus.INTAKE,
            actor_user=actor.user,
            community=community,
            only_from=(CaseStatus.REFERRAL,),
            reason=str(
                _("Consent recorded from the young person and %(guardian)s.") % {"guardian": case.guardian_name}
            ),
        )
    return case


def case_return(*, actor: Membership, community: Community, case_id: int, reason: str) -> Case:
    """Send the case back to the referrer with the reason (e.g. consent withdrawn, sentence not completed)."""
    require_coordinator(actor, community)
    reason = clean_text(reason, field="reason", max_length=2000, required=ERR_REASON_REQUIRED)
    with transaction.atomic():
        case = lock_case(community, case_id)
        transition(case=case, to=CaseStatus.RETURNED, actor_user=actor.user, community=community, reason=reason)
    return case


def case_schedule(*, actor: Membership, community: Community, case_id: int, hearing_id: int) -> Case:
    require_coordinator(actor, community)
    with transaction.atomic():
        case = lock_case(community, case_id)
        hearing = Hearing.objects.filter(community=community, pk=hearing_id).first()
        if hearing is None or hearing.status != Hearing.Status.SCHEDULED:
            raise DomainError(ERR_HEARING_NOT_SCHEDULED, field="hearing_id")
        if hearing.scheduled_for <= timezone.now():
            raise DomainError(ERR_HEARING_PAST, field="hearing_id")
        serves = case.respondent_id is not None and (
            case.respondent_id in (hearing.presiding_id, hearing.foreperson_id)
            or HearingJuror.objects.filter(hearing=hearing, membership_id=case.respondent_id).exists()
        )
        if serves:
            raise DomainError(ERR_RESPONDENT_SERVES, field="hearing_id")
        case.hearing = hearing
        transition(
            case=case,
            to=CaseStatus.HEARING_SCHEDULED,
            actor_user=actor.user,
            community=community,
            only_from=(CaseStatus.INTAKE,),
            reason=str(
                _("Hearing on %(when)s.")
                % {"when": timezone.localtime(hearing.scheduled_for).strftime("%Y-%m-%d %H:%M")}
            ),
        )
    return case


def case_postpone(*, actor: Membership, community: Community, case_id: int, reason: str) -> Case:
    """Take a case off its hearing (the young person is ill, the family cannot come) to schedule it again."""
    require_coordinator(actor, community)
    reason = clean_text(reason, field="reason", max_length=2000, required=ERR_REASON_REQUIRED)
    with transaction.atomic():
        case = lock_case(community, case_id)
        transition(
            case=case,
            to=CaseStatus.INTAKE,
            actor_user=actor.user,
            community=community,
            reason=reason,
            only_from=(CaseStatus.HEARING_SCHEDULED,),
        )
        case.hearing = None
        case.save(update_fields=["hearing", "updated_at"])
    return case


def case_mark_non_compliant(*, actor: Membership, community: Community, case_id: int, reason: str) -> Case:
    require_coordinator(actor, community)
    reason = clean_text(reason, field="reason", max_length=2000, required=ERR_REASON_REQUIRED)
    with transaction.atomic():
        case = lock_case(community, case_id)
        transition(
            case=case,
            to=CaseStatus.NON_COMPLIANT,
            actor_user=actor.user,
            community=community,
            reason=reason,
            only_from=(CaseStatus.SENTENCE_ACTIVE,),
        )
    return case


def case_reinstate(*, actor: Membership, community: Community, case_id: int, due_on: dt.date, reason: str) -> Case:
    """Give a young person who fell behind another chance, with a new due date."""
    require_coordinator(actor, community)
    reason = clean_text(reason, field="reason", max_length=2000, required=ERR_REASON_REQUIRED)
    today = timezone.localdate()
    if not isinstance(due_on, dt.date) or not today < due_on <= today + dt.timedelta(days=365):
        raise DomainError(ERR_DUE_DATE, field="due_on")
    with transaction.atomic():
        case = lock_case(community, case_id)
        transition(
            case=case,
            to=CaseStatus.SENTENCE_ACTIVE,
            actor_user=actor.user,
            community=community,
            reason=reason,
            only_from=(CaseStatus.NON_COMPLIANT,),
        )
        sentence = Sentence.objects.select_for_update().get(case=case)
        old = sentence.due_on
        sentence.due_on = due_on
        sentence.reminded_on = None
        sentence.escalated_on = None
        sentence.save()
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.sentence.extend",
            target=sentence,
            changes={"due_on": [old, due_on]},
        )
    return case


def rereferral_check_record(
    *,
    actor: Membership,
    community: Community,
    case_id: int,
    months: int,
    outcome: str,
    notes: str = "",
    checked_on: dt.date | None = None,
) -> ReReferralCheck:
    """Record whether the young person was referred again 6 or 12 months after completing, for outcomes."""
    require_coordinator(actor, community)
    if months not in (6, 12):
        raise DomainError(ERR_MONTHS, field="months")
    if outcome not in ReReferralCheck.Outcome.values:
        raise DomainError(ERR_OUTCOME, field="outcome")
    notes = clean_text(notes, field="notes", max_length=2000)
    checked_on = checked_on or timezone.localdate()
    with transaction.atomic():
        case = lock_case(community, case_id)
        if case.status != CaseStatus.COMPLETED or case.closed_at is None:
            raise DomainError(ERR_CHECK_NOT_COMPLETED)
        due_on = selectors.add_months(timezone.localdate(case.closed_at), months)
        if checked_on < due_on:
            raise DomainError(ERR_CHECK_NOT_DUE % {"months": months, "date": due_on.isoformat()}, field="months")
        if ReReferralCheck.objects.filter(case=case, months=months).exists():
            raise DomainError(ERR_CHECK_DONE, field="months")
        check = ReReferralCheck.objects.create(
            community=community,
            case=case,
            months=months,
            outcome=outcome,
            checked_on=checked_on,
            notes=notes,
            recorded_by=actor.user,
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="panels.rereferral_check",
            target=check,
            changes={"months": [None, months], "outcome": [None, outcome]},
        )
    return check
