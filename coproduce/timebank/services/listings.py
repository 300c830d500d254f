"""Offers and requests: posting, editing and withdrawing them."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Community, Membership, Organisation
from coproduce.core.errors import DomainError, NotFound
from coproduce.timebank.models import Category, Listing
from coproduce.timebank.services._common import (
    active_membership,
    active_organisation,
    acts_for,
    known_id,
    require_member,
)
from coproduce.timebank.services.search_index import reindex_listings

ERR_KIND = _("Choose whether you are offering help or asking for it.")
ERR_CATEGORY = _("Choose a category.")
ERR_TITLE = _("Enter a title, up to 120 characters.")
ERR_DESCRIPTION = _("Keep the description to 5,000 characters or fewer.")
ERR_TAGS = _("Use up to 10 tags, each up to 40 characters, separated by commas.")
ERR_EXPIRY_PAST = _("The expiry date must be today or later.")
ERR_NOT_YOURS = _("You can only change your own listings.")
ERR_LISTING_WITHDRAWN = _("This listing has been withdrawn.")
ERR_CANNOT_POST_FOR = _("You can post only for yourself, or as a coordinator for an organisation or a member you help.")

EDITABLE = ("kind", "category_id", "title", "description", "tags", "neighbourhood", "expires_on", "needs_check")


def normalise_tags(tags: str | Iterable[str]) -> str:
    """Lower-case, trimmed, de-duplicated tags kept in the order given, stored comma-separated."""
    parts = tags.split(",") if isinstance(tags, str) else list(tags)
    seen: list[str] = []
    for part in parts:
        tag = " ".join(str(part).split()).lower()
        if tag and tag not in seen:
            seen.append(tag)
    if len(seen) > 10 or any(len(t) > 40 for t in seen):
        raise DomainError(ERR_TAGS, field="tags")
    return ", ".join(seen)


def _category(community: Community, category_id: int | None) -> Category:
    category = (
        Category.objects.filter(community=community, pk=known_id(category_id), is_archived=False).first()
        if category_id
        else None
    )
    if category is None:
        raise DomainError(ERR_CATEGORY, field="category")
    return category


def _validate_text(*, title: str, description: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    if not title or len(title) > 120:
        raise DomainError(ERR_TITLE, field="title")
    description = (description or "").strip()
    if len(description) > 5000:
        raise DomainError(ERR_DESCRIPTION, field="description")
    return title, description


def _validate_expiry(community: Community, expires_on: dt.date | None) -> None:
    if expires_on is not None and expires_on < timezone.localdate(timezone=zoneinfo.ZoneInfo(community.timezone)):
        raise DomainError(ERR_EXPIRY_PAST, field="expires_on")


def _owner(
    actor: Membership, community: Community, membership_id: int | None, organisation_id: int | None
) -> tuple[Membership | None, Organisation | None]:
    if organisation_id:
        organisation = active_organisation(community, organisation_id, field="organisation")
        if not acts_for(actor, organisation=organisation):
            raise DomainError(ERR_CANNOT_POST_FOR, field="organisation")
        return None, organisation
    if membership_id and membership_id != actor.pk:
        membership = active_membership(community, membership_id, field="membership")
        if not acts_for(actor, membership=membership):
            raise DomainError(ERR_CANNOT_POST_FOR, field="membership")
        return membership, None
    return actor, None


def listing_create(
    *,
    actor: Membership,
    community: Community,
    kind: str,
    category_id: int | None,
    title: str,
    description: str = "",
    tags: str | Iterable[str] = "",
    neighbourhood: str | None = None,
    expires_on: dt.date | None = None,
    needs_check: bool = False,
    membership_id: int | None = None,
    organisation_id: int | None = None,
) -> Listing:
    """Post an offer or a request, for oneself or (coordinators) for an organisation or a brokered member."""
    require_member(actor, community)
    if kind not in Listing.Kind.values:
        raise DomainError(ERR_KIND, field="kind")
    category = _category(community, category_id)
    title, description = _validate_text(title=title, description=description)
    tag_text = normalise_tags(tags)
    _validate_expiry(community, expires_on)
    owner, organisation = _owner(actor, community, membership_id, organisation_id)
    if neighbourhood is None:
        neighbourhood = owner.neighbourhood if owner else ""
    with transaction.atomic():
        listing = Listing.objects.create(
            community=community,
            kind=kind,
            membership=owner,
            organisation=organisation,
            category=category,
            title=title,
            description=description,
            tags=tag_text,
            neighbourhood=neighbourhood.strip()[:120],
            expires_on=expires_on,
            needs_check=bool(needs_check),
        )
        reindex_listings([listing.pk])
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.listing.create",
            target=listing,
            changes={
                "kind": [None, kind],
                "title": [None, title],
                "category": [None, category.name],
                "needs_check": [None, listing.needs_check],
            },
        )
    return listing


def _editable_listing(actor: Membership, community: Community, listing_id: int) -> Listing:
    listing = (
        Listing.objects.select_for_update(of=("self",))
        .filter(community=community, pk=known_id(listing_id))
        .select_related("membership", "organisation")
        .first()
    )
    if listing is None:
        raise NotFound()
    if not (actor.is_coordinator or acts_for(actor, membership=listing.membership, organisation=listing.organisation)):
        raise NotFound(ERR_NOT_YOURS)
    return listing


def listing_update(*, actor: Membership, community: Community, listing_id: int, **fields) -> Listing:
    """Change a listing's text, category, tags, expiry or whether it needs a check. Coordinators may
    edit any listing in their community."""
    require_member(actor, community)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(_("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        listing = _editable_listing(actor, community, listing_id)
        if listing.status != Listing.Status.OPEN:
            raise DomainError(ERR_LISTING_WITHDRAWN)
        before = snapshot(listing, EDITABLE)
        if "kind" in fields:
            if fields["kind"] not in Listing.Kind.values:
                raise DomainError(ERR_KIND, field="kind")
            listing.kind = fields["kind"]
        if "category_id" in fields and fields["category_id"] != listing.category_id:
            listing.category = _category(community, fields["category_id"])
        if "title" in fields or "description" in fields:
            listing.title, listing.description = _validate_text(
                title=fields.get("title", listing.title), description=fields.get("description", listing.description)
            )
        if "tags" in fields:
            listing.tags = normalise_tags(fields["tags"])
        if "neighbourhood" in fields:
            listing.neighbourhood = (fields["neighbourhood"] or "").strip()[:120]
        if "expires_on" in fields:
            if fields["expires_on"] != listing.expires_on:
                _validate_expiry(community, fields["expires_on"])
            listing.expires_on = fields["expires_on"]
        if "needs_check" in fields:
            listing.needs_check = bool(fields["needs_check"])
        listing.save()
        reindex_listings([listing.pk])
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.listing.update",
            target=listing,
            changes=diff(before, snapshot(listing, EDITABLE)),
        )
    return listing


def listing_withdraw(*, actor: Membership, community: Community, listing_id: int) -> Listing:
    """Take a listing down. Exchanges already under way carry on."""
    require_member(actor, community)
    with transaction.atomic():
        listing = _editable_listing(actor, community, listing_id)
        if listing.status != Listing.Status.OPEN:
            raise DomainError(ERR_LISTING_WITHDRAWN)
        listing.status = Listing.Status.WITHDRAWN
        listing.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.listing.withdraw",
            target=listing,
            changes={"status": [Listing.Status.OPEN, Listing.Status.WITHDRAWN]},
        )
    return listing
