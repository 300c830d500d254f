import pytest

from coproduce.communities.models import Membership
from coproduce.core.errors import NotFound
from coproduce.core.testing import make_member
from coproduce.linkups.selectors import pairing_suggestions
from coproduce.linkups.services import GoalInput, goals_set, household_experience_add, programme_settings_update
from coproduce.linkups.tests.factories import adult_membership, link, make_household, train_and_check


def sharing_family(coordinator, name, *, trained=True, **fields):
    household = make_household(coordinator, name=name, role=fields.pop("role", "sharing"), **fields)
    if trained:
        train_and_check(coordinator, household)
    return household


@pytest.fixture
def haddad(coordinator):
    household = make_household(
        coordinator,
        name="Haddad family",
        languages=["Arabic", "English"],
        children=(7, 12),
        latitude=51.5,
        longitude=-0.1,
        availability=["weekends"],
    )
    goals_set(
        actor=coordinator,
        community=coordinator.community,
        household_id=household.pk,
        goals=[GoalInput("Omar back in school", ("school",))],
    )
    return household


@pytest.mark.django_db
def test_ranks_only_eligible_sharing_families_and_explains_each(coordinator, haddad, coach):
    community = coordinator.community
    nasser = sharing_family(
        coordinator,
        "Nasser family",
        languages=["Arabic"],
        children=(8,),
        latitude=51.5108,
        longitude=-0.1,
        availability=["weekends"],
    )
    household_experience_add(
        actor=coordinator,
        community=community,
        household_id=nasser.pk,
        kind="lived_experience",
        theme="school",
        description="school exclusion",
    )
    sharing_family(coordinator, "Brown family", languages=["English"], latitude=51.52, longitude=-0.1)
    sharing_family(coordinator, "Untrained family", trained=False, languages=["Arabic"])
    busy = sharing_family(coordinator, "Busy family", languages=["Arabic"])
    link(coordinator, make_household(coordinator, name="Someone else"), busy, coach)
    make_household(coordinator, name="Another seeker", languages=["Arabic"])

    suggestions = pairing_suggestions(community=community, seeking=haddad, viewer=coordinator)

    assert [s.household.name for s in suggestions] == ["Nasser family", "Brown family"]
    assert suggestions[0].explanation == (
        "Both speak Arabic; they have been through school exclusion; 1.2 km away; children of similar ages; "
        "both free on weekends"
    )
    assert suggestions[0].score > suggestions[1].score


@pytest.mark.django_db
def test_suggests_a_coach_with_room_and_says_when_none_has_any(coordinator, haddad, coach):
    community = coordinator.community
    coordinator.kind = Membership.Kind.CITIZEN  # only `coach` coaches here
    coordinator.save()
    programme_settings_update(actor=coordinator, community=community, coach_sharing_capacity=1)
    sharing_family(coordinator, "Nasser family", languages=["Arabic"])
    first_sharer = sharing_family(coordinator, "Lee family")

    [suggestion] = [
        s
        for s in pairing_suggestions(community=community, seeking=haddad, viewer=coach)
        if s.household.name == "Nasser family"
    ]
    assert suggestion.coach == coach

    link(coordinator, make_household(coordinator, name="Taken"), first_sharer, coach)

    [suggestion] = pairing_suggestions(community=community, seeking=haddad, viewer=coach)
    assert suggestion.coach is None
    assert "no coach has room for this pair" in suggestion.cautions


@pytest.mark.django_db
def test_prefers_the_coach_who_already_supports_the_sharing_family(coordinator, haddad, coach):
    other_coach = make_member(coordinator.community, kind=Membership.Kind.PROFESSIONAL, name="Aaron Aardvark")
    nasser = sharing_family(coordinator, "Nasser family", sharing_capacity=2)
    link(coordinator, make_household(coordinator, name="First seeker"), nasser, coach)

    [suggestion] = pairing_suggestions(community=coordinator.community, seeking=haddad, viewer=coordinator)

    assert suggestion.coach == coach != other_coach


@pytest.mark.django_db
def test_a_family_already_linked_with_this_family_is_not_suggested_again(coordinator, haddad, coach):
    nasser = sharing_family(coordinator, "Nasser family", sharing_capacity=3)
    link(coordinator, haddad, nasser, coach)

    assert pairing_suggestions(community=coordinator.community, seeking=haddad, viewer=coordinator) == []


@pytest.mark.django_db
def test_only_staff_get_suggestions(coordinator, haddad, member, outsider):
    for viewer in (member, adult_membership(haddad), outsider):
        with pytest.raises(NotFound):
            pairing_suggestions(community=coordinator.community, seeking=haddad, viewer=viewer)
