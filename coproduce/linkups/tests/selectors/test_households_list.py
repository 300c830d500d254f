import pytest

from coproduce.core.errors import NotFound
from coproduce.core.testing import make_member
from coproduce.linkups.selectors import household_get, households_list, linkup_get, linkups_list
from coproduce.linkups.tests.factories import adult_membership, make_household


@pytest.mark.django_db
def test_staff_see_every_family_and_can_filter(coordinator, coach, seeking, sharing):
    community = coordinator.community
    assert [h.name for h in households_list(community=community, viewer=coach)] == ["Haddad family", "Lee family"]
    assert [h.name for h in households_list(community=community, viewer=coordinator, role="sharing")] == ["Lee family"]
    assert [h.name for h in households_list(community=community, viewer=coordinator, query="hadd")] == ["Haddad family"]
    row = households_list(community=community, viewer=coordinator, role="seeking").get()
    assert (row.adults, row.children) == (1, 2)


@pytest.mark.django_db
def test_a_member_sees_only_their_own_family(coordinator, seeking, sharing, member):
    rana = adult_membership(seeking)
    community = coordinator.community

    assert list(households_list(community=community, viewer=rana)) == [seeking]
    assert list(households_list(community=community, viewer=member)) == []
    assert household_get(community=community, household_id=seeking.pk, viewer=rana) == seeking
    with pytest.raises(NotFound):
        household_get(community=community, household_id=sharing.pk, viewer=rana)
    with pytest.raises(NotFound):
        household_get(community=community, household_id=seeking.pk, viewer=member)


@pytest.mark.django_db
def test_another_communitys_household_is_not_found_even_for_its_staff(coordinator, seeking, outsider, other_community):
    elsewhere = make_household(make_member(other_community, role="coordinator", kind="professional"), name="Far family")

    with pytest.raises(NotFound):
        household_get(community=coordinator.community, household_id=elsewhere.pk, viewer=coordinator)
    with pytest.raises(NotFound):
        household_get(community=other_community, household_id=seeking.pk, viewer=outsider)
    assert list(households_list(community=coordinator.community, viewer=outsider)) == []


@pytest.mark.django_db
def test_both_families_see_their_link_up_and_no_one_else_does(coordinator, linkup, member):
    community = coordinator.community
    for viewer in (adult_membership(linkup.seeking), adult_membership(linkup.sharing), coordinator):
        assert linkup_get(community=community, linkup_id=linkup.pk, viewer=viewer) == linkup
        assert list(linkups_list(community=community, viewer=viewer)) == [linkup]
    with pytest.raises(NotFound):
        linkup_get(community=community, linkup_id=linkup.pk, viewer=member)
    assert list(linkups_list(community=community, viewer=member)) == []
