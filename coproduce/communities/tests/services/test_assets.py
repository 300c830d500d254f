import pytest

from coproduce.communities.models import Asset
from coproduce.communities.services import (
    ERR_ASSET_KIND,
    ERR_TITLE_REQUIRED,
    asset_create,
    asset_delete,
    membership_add_offline,
)
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_member_adds_and_removes_their_own_asset(community, member):
    asset = asset_create(actor=member, community=community, membership=member, kind="skill", title=" Cooking ")
    assert asset.title == "Cooking"
    asset_delete(actor=member, community=community, asset_id=asset.pk)
    assert not Asset.objects.exists()


@pytest.mark.django_db
def test_coordinator_adds_assets_for_a_brokered_member(community, coordinator):
    person = membership_add_offline(actor=coordinator, community=community, name="Pat")
    asset = asset_create(actor=coordinator, community=community, membership=person, kind="resource", title="Van")
    assert asset.membership_id == person.pk


@pytest.mark.django_db
def test_nobody_adds_or_removes_assets_of_a_member_who_manages_their_own(community, coordinator, member, other_member):
    asset = asset_create(actor=member, community=community, membership=member, kind="skill", title="Cooking")
    for actor in (coordinator, other_member):
        with pytest.raises(NotFound):
            asset_create(actor=actor, community=community, membership=member, kind="skill", title="Other")
        with pytest.raises(NotFound):
            asset_delete(actor=actor, community=community, asset_id=asset.pk)
    assert list(Asset.objects.values_list("title", flat=True)) == ["Cooking"]


@pytest.mark.django_db
def test_assets_of_another_community_look_missing(community, other_community, outsider, member):
    asset = asset_create(actor=outsider, community=other_community, membership=outsider, kind="skill", title="Theirs")
    with pytest.raises(NotFound):
        asset_delete(actor=member, community=community, asset_id=asset.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "message"), [({"kind": "magic", "title": "x"}, ERR_ASSET_KIND),
                                                 ({"kind": "skill", "title": " "}, ERR_TITLE_REQUIRED)])
def test_refuses_bad_input(community, member, fields, message):
    with pytest.raises(DomainError, match=str(message)):
        asset_create(actor=member, community=community, membership=member, **fields)
    assert not Asset.objects.exists()
