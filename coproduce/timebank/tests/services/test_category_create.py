import re

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.timebank import selectors, services
from coproduce.timebank.models import Category


@pytest.mark.django_db
def test_a_coordinator_creates_renames_and_archives_a_category(community, coordinator):
    category = services.category_create(actor=coordinator, community=community, name="  Home   and garden ")
    assert category.name == "Home and garden"

    services.category_update(actor=coordinator, community=community, category_id=category.pk, name="Gardens")
    services.category_update(actor=coordinator, community=community, category_id=category.pk, is_archived=True)

    category.refresh_from_db()
    assert (category.name, category.is_archived) == ("Gardens", True)
    assert list(selectors.categories_list(community=community)) == []
    actions = list(
        AuditEvent.objects.filter(object_id=str(category.pk), action__startswith="timebank.category")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["timebank.category.create", "timebank.category.update", "timebank.category.update"]


@pytest.mark.django_db
def test_names_are_unique_in_a_community_whatever_the_case(community, other_community, coordinator, outsider):
    services.category_create(actor=coordinator, community=community, name="Transport")

    with pytest.raises(DomainError, match=re.escape(str(services.ERR_CATEGORY_TAKEN))):
        services.category_create(actor=coordinator, community=community, name="transport")
    # another community may use the same name
    services.category_create(actor=outsider, community=other_community, name="Transport")
    assert Category.objects.filter(name__iexact="transport").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_name_is_required_and_short(community, coordinator, name):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_CATEGORY_NAME))):
        services.category_create(actor=coordinator, community=community, name=name)
    assert not Category.objects.exists()


@pytest.mark.django_db
def test_members_and_other_communities_coordinators_cannot_manage_categories(community, member, outsider, category):
    with pytest.raises(NotFound):
        services.category_create(actor=member, community=community, name="Pets")
    with pytest.raises(NotFound):
        services.category_create(actor=outsider, community=community, name="Pets")
    with pytest.raises(NotFound):
        services.category_update(actor=outsider, community=community, category_id=category.pk, name="Mine")
    category.refresh_from_db()
    assert category.name == "Home and garden"


@pytest.mark.django_db
def test_renaming_to_a_taken_name_is_refused(community, coordinator, category):
    other = services.category_create(actor=coordinator, community=community, name="Pets")
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_CATEGORY_TAKEN))):
        services.category_update(actor=coordinator, community=community, category_id=other.pk, name="home and garden")
