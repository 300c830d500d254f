"""A youth court in the making: coordinators, a presiding adult, trained former respondents and referrals."""

import datetime as dt

import pytest
from django.db.models import Max
from django.utils import timezone, translation

from coproduce.communities.models import Check, Membership
from coproduce.coproduction.models import Activity
from coproduce.coproduction.services import service_for_workflow
from coproduce.core.testing import make_member
from coproduce.panels import services
from coproduce.panels.models import Case, CaseStatus, Hearing, HearingJuror


def birthday(age: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - age) - dt.timedelta(days=30)


def referral_data(**changes) -> dict:
    data = {
        "referral_source": "school",
        "referrer_name": "Ms Patel",
        "referrer_email": "patel@school.example.org",
        "first_name": "Jordan",
        "last_name": "Mills",
        "date_of_birth": birthday(14),
        "offence_category": "theft",
        "previous_offences": 0,
        "offence_violent": False,
        "responsibility_admitted": True,
        "address": "12 Long Lane",
        "school": "Northside Academy",
        "guardian_name": "Dee Mills",
        "guardian_email": "dee@example.org",
        "panel_question": "A fair sentence for taking a phone from a bag.",
    }
    data.update(changes)
    return data


def train(community, membership, *, expires_on=None, status=Check.Status.PASSED) -> Check:
    return Check.objects.create(
        community=community,
        membership=membership,
        kind=Check.Kind.TRAINING,
        status=status,
        checked_on=timezone.localdate() - dt.timedelta(days=10),
        expires_on=expires_on,
    )


def former_respondent(community, *, trained: bool = True, juries: int = 0, name: str = "") -> Membership:
    """A young member whose own case the court heard and completed (and, if asked, who sat on juries)."""
    person = make_member(community, name=name)
    presiding = make_member(community, kind=Membership.Kind.PROFESSIONAL)
    past = timezone.now() - dt.timedelta(days=200)
    hearing = Hearing.objects.create(community=community, scheduled_for=past, presiding=presiding, status="cancelled")
    Case.objects.create(
        community=community,
        number=(Case.objects.filter(community=community).aggregate(n=Max("number"))["n"] or 0) + 1,
        status=CaseStatus.COMPLETED,
        referral_source="police",
        referrer_name="PC Lee",
        first_name=person.user.name.split()[0],
        last_name="X",
        date_of_birth=birthday(15),
        offence_category="damage",
        responsibility_admitted=True,
        young_person_consent_on=past.date(),
        guardian_consent_on=past.date(),
        respondent=person,
        hearing=hearing,
        referred_at=past,
        closed_at=past,
    )
    service = service_for_workflow(community=community, name="Youth court")
    for _ in range(juries):
        activity = Activity.objects.create(
            community=community, service=service, kind="hearing", phase="deliver", title="Hearing", occurred_at=past
        )
        held = Hearing.objects.create(
            community=community,
            scheduled_for=past,
            presiding=presiding,
            status="held",
            duration_minutes=60,
            activity=activity,
        )
        HearingJuror.objects.create(community=community, hearing=held, membership=person, attended=True)
    if trained:
        train(community, person)
    return person


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English; a request in another language must not leak into the next test."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def presiding(community):
    return make_member(community, kind=Membership.Kind.PROFESSIONAL, name="Judge Judith")


@pytest.fixture
def jurors(community):
    return [former_respondent(community, name=f"Juror {n}") for n in range(3)]


@pytest.fixture
def foreperson(community):
    return former_respondent(community, juries=2, name="Frankie Foreperson")


def make_case(community, coordinator, **changes) -> Case:
    return services.referral_create(actor=coordinator, community=community, **referral_data(**changes))


def at_intake(community, coordinator, **changes) -> Case:
    case = make_case(community, coordinator, **changes)
    return services.case_intake(
        actor=coordinator, community=community, case_id=case.pk, young_person_consent=True, guardian_consent=True
    )


def future_hearing(community, coordinator, presiding, *, days: int = 3) -> Hearing:
    return services.hearing_create(
        actor=coordinator,
        community=community,
        presiding_id=presiding.pk,
        scheduled_for=timezone.now() + dt.timedelta(days=days),
        location="Town hall",
    )


def held_hearing_for(community, coordinator, presiding, jurors, foreperson, cases, *, minutes: int = 90) -> Hearing:
    """Schedule `cases` at a hearing, staff it, move it into the past and record it."""
    hearing = future_hearing(community, coordinator, presiding)
    for case in cases:
        services.case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    for juror in jurors:
        services.hearing_juror_add(
            actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk
        )
    services.hearing_foreperson_set(
        actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=foreperson.pk
    )
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_for=timezone.now() - dt.timedelta(hours=3))
    return services.hearing_record(
        actor=coordinator,
        community=community,
        hearing_id=hearing.pk,
        duration_minutes=minutes,
        attended_juror_ids=[j.pk for j in jurors],
        heard_case_ids=[c.pk for c in cases],
    )


def heard_case(community, coordinator, presiding, jurors, foreperson, **changes) -> Case:
    case = at_intake(community, coordinator, **changes)
    held_hearing_for(community, coordinator, presiding, jurors, foreperson, [case])
    case.refresh_from_db()
    return case


def sentenced_case(community, coordinator, presiding, jurors, foreperson, sanctions=None, **changes) -> Case:
    case = heard_case(community, coordinator, presiding, jurors, foreperson, **changes)
    services.sentence_set(
        actor=coordinator,
        community=community,
        case_id=case.pk,
        sanctions=sanctions
        or [services.SanctionInput("jury_duty", 1), services.SanctionInput("essay", 1, "What harm did I do?")],
    )
    case.refresh_from_db()
    return case
