import pytest

from coproduce.core.testing import make_member
from coproduce.sharedroles.selectors import people_in_place, place_role_of


@pytest.mark.django_db
def test_professionals_count_as_staff_and_citizens_need_a_recorded_role(community, member, resident, outsider):
    nurse = make_member(community, kind="professional")

    assert place_role_of(community=community, membership=nurse) == "staff"
    assert place_role_of(community=community, membership=member) is None
    assert place_role_of(community=community, membership=resident) == "resident"
    assert place_role_of(community=community, membership=outsider) is None


@pytest.mark.django_db
def test_people_in_place_lists_only_this_community(community, resident, outsider):
    people = {p.membership.pk: p.place_role for p in people_in_place(community=community)}
    assert people[resident.pk] == "resident"
    assert outsider.pk not in people
