import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.panels.models import Case, CaseEvent, CourtSettings
from coproduce.panels.services import (
    ERR_AGE,
    ERR_NOT_ADMITTED,
    ERR_TOO_MANY_OFFENCES,
    ERR_VIOLENT,
    eligibility_problem,
    referral_create,
    settings_update,
)
from coproduce.panels.tests.conftest import birthday, referral_data


@pytest.mark.django_db
def test_an_eligible_referral_opens_a_case_at_the_referral_stage(community, coordinator):
    case = referral_create(actor=coordinator, community=community, **referral_data())

    assert (case.number, case.status, case.first_name) == (1, "referral", "Jordan")
    assert list(CaseEvent.objects.filter(case=case).values_list("from_status", "to_status")) == [("", "referral")]
    assert AuditEvent.objects.filter(action="panels.case.referral", object_id=str(case.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_of_birth": birthday(10)}, "date_of_birth", ERR_AGE % {"min": 11, "max": 17, "age": 10}),
        ({"date_of_birth": birthday(18)}, "date_of_birth", ERR_AGE % {"min": 11, "max": 17, "age": 18}),
        ({"offence_violent": True}, "offence_violent", ERR_VIOLENT),
        ({"previous_offences": 2}, "previous_offences", ERR_TOO_MANY_OFFENCES % {"n": 2}),
        ({"responsibility_admitted": False}, "responsibility_admitted", ERR_NOT_ADMITTED),
    ],
)
def test_an_ineligible_referral_is_refused_with_its_reason_and_nothing_is_kept(
    community, coordinator, changes, field, message
):
    with pytest.raises(DomainError) as error:
        referral_create(actor=coordinator, community=community, **referral_data(**changes))

    assert str(error.value) == str(message)
    assert error.value.field == field
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_second_offence_is_heard_and_the_age_range_is_the_courts_choice(community, coordinator):
    assert referral_create(actor=coordinator, community=community, **referral_data(previous_offences=1)).pk
    settings_update(actor=coordinator, community=community, max_age=18)
    assert referral_create(actor=coordinator, community=community, **referral_data(date_of_birth=birthday(18))).pk


@pytest.mark.django_db
def test_case_numbers_run_on_within_each_court(community, coordinator, other_community):
    from coproduce.core.testing import make_member

    first = referral_create(actor=coordinator, community=community, **referral_data())
    second = referral_create(actor=coordinator, community=community, **referral_data(first_name="Sam"))
    elsewhere = referral_create(
        actor=make_member(other_community, role="coordinator"), community=other_community, **referral_data()
    )
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)


@pytest.mark.django_db
def test_only_the_courts_coordinators_take_referrals(community, member, outsider):
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            referral_create(actor=actor, community=community, **referral_data())


@pytest.mark.django_db
def test_bad_contact_details_are_refused(community, coordinator):
    with pytest.raises(DomainError, match=re.escape("Enter an email address")):
        referral_create(actor=coordinator, community=community, **referral_data(referrer_email="not an email"))


@settings(max_examples=60, deadline=None)
@given(
    age=st.integers(min_value=5, max_value=25),
    previous=st.integers(min_value=0, max_value=5),
    violent=st.booleans(),
    admitted=st.booleans(),
    low=st.integers(min_value=8, max_value=16),
    span=st.integers(min_value=0, max_value=8),
    allowed=st.integers(min_value=0, max_value=3),
)
def test_a_referral_is_eligible_exactly_when_every_rule_holds(age, previous, violent, admitted, low, span, allowed):
    court = CourtSettings(min_age=low, max_age=low + span, max_previous_offences=allowed)
    problem = eligibility_problem(
        settings=court,
        date_of_birth=birthday(age),
        previous_offences=previous,
        offence_violent=violent,
        responsibility_admitted=admitted,
    )
    expected = low <= age <= low + span and not violent and previous <= allowed and admitted
    assert (problem is None) == expected
