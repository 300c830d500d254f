import re

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.sharedroles.models import RoleTemplate
from coproduce.sharedroles.services import (
    ERR_CARE_NOT_FOR_RESIDENTS,
    ERR_HIGH_RISK_UNSUPERVISED,
    ERR_NAME_TAKEN,
    ERR_NOBODY_ALLOWED,
    template_create,
)


@pytest.mark.django_db
def test_a_coordinator_describes_a_role_with_its_risk_and_supervision(community, coordinator):
    template = template_create(
        actor=coordinator,
        community=community,
        name=" Kitchen ",
        area="kitchen",
        risk_level="medium",
        supervision="alongside_staff",
        allow_volunteers=False,
    )

    assert (template.name, template.risk_level, template.supervision) == ("Kitchen", "medium", "alongside_staff")
    assert template.allows("resident")
    assert not template.allows("volunteer")
    assert AuditEvent.objects.filter(action="sharedroles.template_create", object_id=str(template.pk)).exists()


@pytest.mark.django_db
def test_personal_care_open_to_residents_is_refused(community, coordinator):
    with pytest.raises(DomainError) as error:
        template_create(actor=coordinator, community=community, name="Bathing", is_personal_care=True)

    assert str(error.value) == str(ERR_CARE_NOT_FOR_RESIDENTS)
    assert error.value.field == "allow_residents"
    assert not RoleTemplate.objects.exists()


@pytest.mark.django_db
def test_the_care_area_is_personal_care_whatever_the_flag_says(community, coordinator):
    with pytest.raises(DomainError, match=re.escape(str(ERR_CARE_NOT_FOR_RESIDENTS))):
        template_create(
            actor=coordinator,
            community=community,
            name="Medication",
            area="care",
            is_personal_care=False,
            allow_residents=False,
            allow_families=True,
        )

    template = template_create(
        actor=coordinator,
        community=community,
        name="Medication",
        area="care",
        allow_residents=False,
        allow_families=False,
    )
    assert template.is_personal_care


@pytest.mark.django_db
def test_a_high_risk_role_open_to_residents_must_be_supervised(community, coordinator):
    with pytest.raises(DomainError, match=re.escape(str(ERR_HIGH_RISK_UNSUPERVISED))):
        template_create(
            actor=coordinator, community=community, name="Hot oil fryer", risk_level="high", supervision="independent"
        )

    template = template_create(
        actor=coordinator, community=community, name="Hot oil fryer", risk_level="high", supervision="staff_led"
    )
    assert template.needs_staff


@pytest.mark.django_db
def test_a_role_nobody_may_take_is_refused(community, coordinator):
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOBODY_ALLOWED))):
        template_create(
            actor=coordinator,
            community=community,
            name="Ghost",
            allow_residents=False,
            allow_families=False,
            allow_staff=False,
            allow_volunteers=False,
        )


@pytest.mark.django_db
def test_names_are_unique_within_the_community_only(community, coordinator, other_community):
    from coproduce.core.testing import make_member

    template_create(actor=coordinator, community=community, name="Garden")
    with pytest.raises(DomainError, match=re.escape(str(ERR_NAME_TAKEN))):
        template_create(actor=coordinator, community=community, name="Garden")
    elsewhere = make_member(other_community, role="coordinator", kind="professional")
    assert template_create(actor=elsewhere, community=other_community, name="Garden").community == other_community


@pytest.mark.django_db
def test_members_and_coordinators_of_other_communities_cannot_create_roles(community, member, outsider):
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            template_create(actor=actor, community=community, name="Library")
    assert not RoleTemplate.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_care_open_to_residents_even_without_the_service(community):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleTemplate.objects.create(community=community, name="Bathing", is_personal_care=True, allow_residents=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleTemplate.objects.create(
            community=community, name="Dressing", is_personal_care=True, allow_residents=False, allow_families=True
        )


flags = st.booleans()


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    care=flags,
    residents=flags,
    families=flags,
    staff=flags,
    volunteers=flags,
    risk=st.sampled_from(["low", "medium", "high"]),
    supervision=st.sampled_from(["independent", "alongside_staff", "staff_led"]),
)
def test_every_stored_role_keeps_care_and_high_risk_rules(
    community, coordinator, care, residents, families, staff, volunteers, risk, supervision
):
    try:
        template = template_create(
            actor=coordinator,
            community=community,
            name=f"Role {RoleTemplate.objects.count()}",
            is_personal_care=care,
            allow_residents=residents,
            allow_families=families,
            allow_staff=staff,
            allow_volunteers=volunteers,
            risk_level=risk,
            supervision=supervision,
        )
    except DomainError:
        return
    if template.is_personal_care:
        assert not (template.allows("resident"))
        assert not (template.allows("family"))
    if template.risk_level == "high" and template.supervision == "independent":
        assert not (template.allow_residents)
        assert not (template.allow_families)
        assert not (template.allow_volunteers)
    assert any(template.allows(r) for r in ("resident", "family", "staff", "volunteer"))
