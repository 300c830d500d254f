"""Categories each community manages for itself."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import DomainError, NotFound
from coproduce.timebank.models import Category
from coproduce.timebank.services._common import known_id
from coproduce.timebank.services.search_index import reindex_category

ERR_CATEGORY_NAME = _("Enter a name for the category, up to 80 characters.")
ERR_CATEGORY_TAKEN = _("There is already a category with that name.")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 80:
        raise DomainError(ERR_CATEGORY_NAME, field="name")
    return name


def _name_taken(community: Community, name: str, exclude_pk: int | None = None) -> bool:
    categories = Category.objects.filter(community=community, name__iexact=name)
    if exclude_pk is not None:
        categories = categories.exclude(pk=exclude_pk)
    return categories.exists()


def category_create(*, actor: Membership, community: Community, name: str, description: str = "") -> Category:
    require_coordinator(actor, community)
    name = _clean_name(name)
    with transaction.atomic():
        if _name_taken(community, name):
            raise DomainError(ERR_CATEGORY_TAKEN, field="name")
        category = Category.objects.create(
            community=community, name=name, description=(description or "").strip()[:300]
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.category.create",
            target=category,
            changes={"name": [None, name]},
        )
    return category


def category_update(
    *,
    actor: Membership,
    community: Community,
    category_id: int,
    name: str | None = None,
    description: str | None = None,
    is_archived: bool | None = None,
) -> Category:
    """Rename, describe, archive or restore a category. A rename is searchable at once."""
    require_coordinator(actor, community)
    with transaction.atomic():
        category = Category.objects.select_for_update().filter(community=community, pk=known_id(category_id)).first()
        if category is None:
            raise NotFound()
        fields = ("name", "description", "is_archived")
        before = snapshot(category, fields)
        if name is not None:
            name = _clean_name(name)
            if _name_taken(community, name, exclude_pk=category.pk):
                raise DomainError(ERR_CATEGORY_TAKEN, field="name")
            category.name = name
        if description is not None:
            category.description = description.strip()[:300]
        if is_archived is not None:
            category.is_archived = bool(is_archived)
        category.save()
        changes = diff(before, snapshot(category, fields))
        if "name" in changes:
            reindex_category(category)
        audit_record(
            actor=actor.user, community=community, action="timebank.category.update", target=category, changes=changes
        )
    return category
