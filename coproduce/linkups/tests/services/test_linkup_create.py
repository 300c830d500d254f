import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Membership
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.linkups.models import Goal, LinkUp, LinkUpConsent
from coproduce.linkups.services import ConsentInput, GoalInput, goals_set, linkup_create, programme_settings_update
from coproduce.linkups.services.linkups import (
    ERR_COACH,
    ERR_COACH_SEEKING_FULL,
    ERR_COACH_SHARING_FULL,
    ERR_CONSENT_AFTER_START,
    ERR_CONSENT_MISSING,
    ERR_CONSENT_PERSON,
    ERR_NOT_SHARING,
    ERR_PLANNED_WEEKS,
    ERR_SAME_HOUSEHOLD,
    ERR_SEEKING_ALREADY_LINKED,
    ERR_SHARING_AT_CAPACITY,
    ERR_SHARING_NOT_READY,
)
from coproduce.linkups.tests.factories import consent_of, link, make_household, train_and_check


def _create(coordinator, seeking, sharing, coach, **overrides):
    arguments = {
        "actor": coordinator,
        "community": coordinator.community,
        "seeking_id": seeking.pk,
        "sharing_id": sharing.pk,
        "coach_id": coach.pk,
        "planned_weeks": 20,
        "seeking_consent": consent_of(seeking),
        "sharing_consent": consent_of(sharing),
    }
    arguments.update(overrides)
    return linkup_create(**arguments)


@pytest.mark.django_db
def test_links_two_families_with_a_coach_and_records_both_consents(coordinator, seeking, sharing, coach):
    linkup = _create(coordinator, seeking, sharing, coach)

    assert linkup.status == LinkUp.Status.ACTIVE
    assert (linkup.seeking, linkup.sharing, linkup.coach, linkup.planned_weeks) == (seeking, sharing, coach, 20)
    consents = {c.household_id: (c.given_by.name, c.given_on) for c in LinkUpConsent.objects.filter(linkup=linkup)}
    assert consents == {
        seeking.pk: ("Rana Haddad", timezone.localdate()),
        sharing.pk: ("Sam Lee", timezone.localdate()),
    }
    event = AuditEvent.objects.get(action="linkups.linkup.create", object_id=str(linkup.pk))
    assert event.changes["status"] == [None, "active"]


@pytest.mark.django_db
def test_moves_the_seeking_familys_open_goals_into_the_link_up(coordinator, seeking, sharing, coach):
    [goal] = goals_set(
        actor=coordinator,
        community=coordinator.community,
        household_id=seeking.pk,
        goals=[GoalInput("Get the kids to school on time", ("routines", "school"))],
    )
    assert goal.linkup is None

    linkup = _create(coordinator, seeking, sharing, coach)

    goal.refresh_from_db()
    assert goal.linkup == linkup


@pytest.mark.django_db
def test_refuses_a_family_that_is_not_trained_naming_what_is_missing(coordinator, seeking, coach):
    untrained = make_household(coordinator, name="Ng family", role="sharing", adults=("Kim Ng",))
    train_and_check(coordinator, untrained, kinds=("background",))

    with pytest.raises(DomainError) as error:
        _create(coordinator, seeking, untrained, coach)

    assert error.value.field == "sharing_id"
    assert str(error.value) == str(ERR_SHARING_NOT_READY) % {"missing": "Kim Ng has no training recorded"}
    assert LinkUp.objects.count() == 0


@pytest.mark.django_db
def test_refuses_a_family_whose_background_check_is_missing_or_expired(coordinator, seeking, coach):
    unchecked = make_household(coordinator, name="Ng family", role="sharing", adults=("Kim Ng", "Lou Ng"))
    train_and_check(coordinator, unchecked, kinds=("training",))
    person = unchecked.people.get(name="Lou Ng")
    from coproduce.linkups.services import household_check_record

    household_check_record(
        actor=coordinator,
        community=coordinator.community,
        person_id=person.pk,
        kind="background",
        status="passed",
        checked_on=dt.date(2020, 1, 1),
        expires_on=dt.date(2021, 1, 1),
    )

    with pytest.raises(DomainError) as error:
        _create(coordinator, seeking, unchecked, coach)

    message = str(error.value)
    assert "Kim Ng has no background check recorded" in message
    assert "Lou Ng's background check expired on 1 Jan 2021" in message
    assert LinkUp.objects.count() == 0


@pytest.mark.django_db
def test_refuses_an_adult_who_is_not_a_member_as_their_checks_cannot_be_recorded(coordinator, seeking, sharing, coach):
    from coproduce.linkups.services import household_person_add

    household_person_add(
        actor=coordinator, community=coordinator.community, household_id=sharing.pk, kind="adult", name="Jo Lee"
    )

    with pytest.raises(DomainError, match="Jo Lee is not an active community member"):
        _create(coordinator, seeking, sharing, coach)


@pytest.mark.django_db
def test_refuses_a_family_that_is_not_sharing(coordinator, seeking, coach):
    other_seeker = make_household(coordinator, name="Ng family", role="seeking")
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_SHARING))):
        _create(coordinator, seeking, other_seeker, coach)


@pytest.mark.django_db
def test_refuses_linking_a_family_with_itself(coordinator, coach):
    both = make_household(coordinator, name="Ng family", role="both")
    train_and_check(coordinator, both)
    with pytest.raises(DomainError, match=re.escape(str(ERR_SAME_HOUSEHOLD))):
        _create(coordinator, both, both, coach)


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [0, 5, 15, 40])
def test_refuses_a_planned_length_other_than_10_20_or_30_weeks(coordinator, seeking, sharing, coach, weeks):
    with pytest.raises(DomainError, match=re.escape(str(ERR_PLANNED_WEEKS))):
        _create(coordinator, seeking, sharing, coach, planned_weeks=weeks)


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["seeking_consent", "sharing_consent"])
def test_refuses_without_consent_from_both_families(coordinator, seeking, sharing, coach, missing):
    with pytest.raises(DomainError) as error:
        _create(coordinator, seeking, sharing, coach, **{missing: None})

    family = seeking if missing == "seeking_consent" else sharing
    assert error.value.field == missing
    assert str(error.value) == str(ERR_CONSENT_MISSING) % {"family": family.name}
    assert LinkUp.objects.count() == 0
    assert LinkUpConsent.objects.count() == 0


@pytest.mark.django_db
def test_refuses_consent_from_someone_outside_the_family_or_a_child(coordinator, seeking, sharing, coach):
    child = seeking.people.filter(kind="child").first()
    outsider_adult = sharing.people.filter(kind="adult").first()
    for person in (child, outsider_adult):
        with pytest.raises(DomainError, match=re.escape(str(ERR_CONSENT_PERSON) % {"family": seeking.name})):
            _create(
                coordinator,
                seeking,
                sharing,
                coach,
                seeking_consent=ConsentInput(person_id=person.pk, given_on=timezone.localdate()),
            )


@pytest.mark.django_db
def test_refuses_consent_dated_after_the_start(coordinator, seeking, sharing, coach):
    start = timezone.localdate() - dt.timedelta(days=10)
    with pytest.raises(DomainError, match=re.escape(str(ERR_CONSENT_AFTER_START))):
        _create(coordinator, seeking, sharing, coach, starts_on=start)


@pytest.mark.django_db
def test_refuses_a_second_active_link_up_for_the_seeking_family(coordinator, seeking, sharing, coach):
    _create(coordinator, seeking, sharing, coach)
    another = make_household(coordinator, name="Ng family", role="sharing")
    train_and_check(coordinator, another)

    with pytest.raises(DomainError, match=re.escape(str(ERR_SEEKING_ALREADY_LINKED))):
        _create(coordinator, seeking, another, coach)


@pytest.mark.django_db
def test_refuses_a_sharing_family_at_its_capacity(coordinator, seeking, sharing, coach):
    _create(coordinator, seeking, sharing, coach)
    second_seeker = make_household(coordinator, name="Ng family", role="seeking")

    with pytest.raises(DomainError, match=re.escape(str(ERR_SHARING_AT_CAPACITY))):
        _create(coordinator, second_seeker, sharing, coach)


@pytest.mark.django_db
def test_refuses_a_coach_over_capacity_but_allows_more_families_of_a_sharing_family_they_already_coach(
    coordinator, coach
):
    community = coordinator.community
    programme_settings_update(actor=coordinator, community=community, coach_sharing_capacity=1)
    sharer = make_household(coordinator, name="Lee family", role="sharing", sharing_capacity=2)
    train_and_check(coordinator, sharer)
    link(coordinator, make_household(coordinator, name="First"), sharer, coach)
    link(coordinator, make_household(coordinator, name="Second"), sharer, coach)
    other_sharer = make_household(coordinator, name="Ng family", role="sharing")
    train_and_check(coordinator, other_sharer)

    with pytest.raises(DomainError) as error:
        link(coordinator, make_household(coordinator, name="Third"), other_sharer, coach)

    assert error.value.field == "coach_id"
    assert str(error.value) == str(ERR_COACH_SHARING_FULL) % {"count": 1}
    assert LinkUp.objects.filter(coach=coach).count() == 2


@pytest.mark.django_db
def test_refuses_a_coach_with_a_full_seeking_caseload(coordinator, sharing, coach):
    programme_settings_update(actor=coordinator, community=coordinator.community, coach_seeking_capacity=1)
    link(coordinator, make_household(coordinator, name="First"), sharing, coach)
    other_sharer = make_household(coordinator, name="Ng family", role="sharing")
    train_and_check(coordinator, other_sharer)

    with pytest.raises(DomainError, match=re.escape(str(ERR_COACH_SEEKING_FULL) % {"count": 1})):
        link(coordinator, make_household(coordinator, name="Second"), other_sharer, coach)


@pytest.mark.django_db
def test_refuses_a_coach_who_is_not_an_active_professional(coordinator, seeking, sharing, member):
    suspended = make_member(
        coordinator.community, kind=Membership.Kind.PROFESSIONAL, status=Membership.Status.SUSPENDED
    )
    for not_a_coach in (member, suspended):
        with pytest.raises(DomainError, match=re.escape(str(ERR_COACH))):
            _create(coordinator, seeking, sharing, not_a_coach)


@pytest.mark.django_db
def test_another_communitys_household_is_not_found(coordinator, seeking, coach, other_community):
    from coproduce.core.testing import make_member as member_of

    elsewhere_coordinator = member_of(other_community, role="coordinator", kind="professional")
    elsewhere = make_household(elsewhere_coordinator, name="Far family", role="sharing")

    with pytest.raises(NotFound):
        _create(coordinator, seeking, elsewhere, coach)


@pytest.mark.django_db
def test_members_and_outsiders_cannot_link_families(coordinator, seeking, sharing, coach, member, outsider):
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            _create(coordinator, seeking, sharing, coach, actor=actor)
    assert LinkUp.objects.count() == 0


@pytest.mark.django_db
def test_a_coach_may_link_families(seeking, sharing, coach):
    linkup = _create(coach, seeking, sharing, coach)
    assert linkup.created_by == coach.user
    assert Goal.objects.count() == 0
