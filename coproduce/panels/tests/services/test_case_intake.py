import re

import pytest
from django.db import IntegrityError, transaction

from coproduce.communities.models import Membership
from coproduce.core.errors import DomainError
from coproduce.panels.models import Case
from coproduce.panels.services import (
    ERR_GUARDIAN_CONSENT,
    ERR_GUARDIAN_NAME,
    ERR_RESPONDENT,
    ERR_RESPONDENT_HAS_OPEN_CASE,
    ERR_YOUNG_PERSON_CONSENT,
    case_intake,
)
from coproduce.panels.tests.conftest import at_intake, make_case


@pytest.mark.django_db
def test_intake_records_both_consents_and_adds_the_young_person_by_first_name_and_initial(community, coordinator):
    case = make_case(community, coordinator)

    case = case_intake(
        actor=coordinator, community=community, case_id=case.pk, young_person_consent=True, guardian_consent=True
    )

    assert case.status == "intake"
    assert case.young_person_consent_on is not None
    assert case.guardian_consent_on is not None
    assert case.respondent.display_name == "Jordan M."
    assert case.respondent.is_brokered
    assert case.events.last().reason == "Consent recorded from the young person and Dee Mills."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("young", "guardian", "message"), [(False, True, ERR_YOUNG_PERSON_CONSENT), (True, False, ERR_GUARDIAN_CONSENT)]
)
def test_no_intake_without_both_consents(community, coordinator, young, guardian, message):
    case = make_case(community, coordinator)
    with pytest.raises(DomainError, match=re.escape(str(message))):
        case_intake(
            actor=coordinator,
            community=community,
            case_id=case.pk,
            young_person_consent=young,
            guardian_consent=guardian,
        )
    case.refresh_from_db()
    assert case.status == "referral"
    assert not Membership.objects.filter(user__name="Jordan M.").exists()


@pytest.mark.django_db
def test_the_guardian_who_consented_is_named(community, coordinator):
    case = make_case(community, coordinator, guardian_name="")
    with pytest.raises(DomainError, match=re.escape(str(ERR_GUARDIAN_NAME))):
        case_intake(
            actor=coordinator, community=community, case_id=case.pk, young_person_consent=True, guardian_consent=True
        )
    case = case_intake(
        actor=coordinator,
        community=community,
        case_id=case.pk,
        young_person_consent=True,
        guardian_consent=True,
        guardian_name="Grandma Mills",
    )
    assert case.guardian_name == "Grandma Mills"


@pytest.mark.django_db
def test_an_existing_member_can_be_the_respondent_but_not_twice_or_from_elsewhere(
    community, coordinator, member, outsider
):
    first = make_case(community, coordinator)
    case_intake(
        actor=coordinator,
        community=community,
        case_id=first.pk,
        young_person_consent=True,
        guardian_consent=True,
        respondent_id=member.pk,
    )
    second = make_case(community, coordinator)
    with pytest.raises(DomainError, match=re.escape(str(ERR_RESPONDENT_HAS_OPEN_CASE))):
        case_intake(
            actor=coordinator,
            community=community,
            case_id=second.pk,
            young_person_consent=True,
            guardian_consent=True,
            respondent_id=member.pk,
        )
    with pytest.raises(DomainError, match=re.escape(str(ERR_RESPONDENT))):
        case_intake(
            actor=coordinator,
            community=community,
            case_id=second.pk,
            young_person_consent=True,
            guardian_consent=True,
            respondent_id=outsider.pk,
        )


@pytest.mark.django_db
def test_the_database_refuses_a_case_past_referral_without_consent(community, coordinator):
    case = at_intake(community, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(guardian_consent_on=None)
