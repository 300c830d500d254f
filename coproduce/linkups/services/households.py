"""Writes for households: registering a family, its people and experiences, its role over time, and the training
and checks of its adults."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Check, Community, Membership
from coproduce.communities.services import check_record, require_coordinator
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.access import require_staff
from coproduce.linkups.models import (
    SEEKING_ROLES,
    SHARING_ROLES,
    Availability,
    Household,
    HouseholdExperience,
    HouseholdMember,
    HouseholdRole,
    HouseholdRoleChange,
    LinkUp,
    LinkUpConsent,
    Theme,
)
from coproduce.linkups.services.common import clean_text, not_in_future

ERR_NAME_REQUIRED = _("Enter the family's name.")
ERR_ROLE = _("Choose how the family takes part: seeking support, sharing, both, or not at the moment.")
ERR_LANGUAGES = _("Enter up to 10 languages, each in 40 characters or fewer.")
ERR_AVAILABILITY = _("Choose when the family is free from the list.")
ERR_LOCATION_PAIR = _("Enter both latitude and longitude, or neither.")
ERR_LOCATION_RANGE = _("Latitude must be between -90 and 90, and longitude between -180 and 180.")
ERR_CAPACITY = _("A sharing family can support from 1 to 5 seeking families at a time.")
ERR_UNKNOWN_FIELD = _("These details cannot be changed here: %(fields)s")
ERR_SAME_ROLE = _("The family already takes part in that way.")
ERR_ROLE_BEFORE_LAST = _("The change cannot be dated before the family's last change of role.")
ERR_ROLE_IN_USE_SHARING = _("The family is sharing in an active link-up; complete or end that link-up first.")
ERR_ROLE_IN_USE_SEEKING = _("The family is seeking support in an active link-up; complete or end that link-up first.")
ERR_PERSON_NAME = _("Enter the person's name.")
ERR_PERSON_KIND = _("Choose adult or child.")
ERR_CHILD_AGE = _("Enter the child's age or year of birth.")
ERR_BIRTH_YEAR = _("Enter a year of birth between 1900 and this year.")
ERR_AGE = _("Enter an age from 0 to 120.")
ERR_MEMBER_TAKEN = _("This person is already in a household.")
ERR_MEMBER_NOT_ACTIVE = _("Choose an active member of this community.")
ERR_PERSON_HAS_CONSENTED = _(
    "This person gave consent for a link-up, and that record is kept, so they cannot be removed."
)
ERR_EXPERIENCE_KIND = _("Choose whether the family has been through this or is good at it.")
ERR_THEME = _("Choose a theme from the list.")
ERR_DESCRIPTION = _("Describe it in a few words (200 characters at most).")
ERR_CHECK_ADULT_MEMBER = _("Training and checks are recorded for adults who are community members.")

EDITABLE = ("name", "languages", "neighbourhood", "latitude", "longitude", "availability", "sharing_capacity", "about")


def _clean_name(name: str) -> str:
    return clean_text(name, field="name", max_length=120, required=ERR_NAME_REQUIRED)


def _clean_languages(languages: Iterable[str] | str | None) -> list[str]:
    if languages is None:
        return []
    if isinstance(languages, str):
        languages = languages.split(",")
    cleaned: list[str] = []
    for language in languages:
        language = capfirst(clean_text(language, field="languages", max_length=200))
        if not language:
            continue
        if len(language) > 40:
            raise DomainError(ERR_LANGUAGES, field="languages")
        if language.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(language)
    if len(cleaned) > 10:
        raise DomainError(ERR_LANGUAGES, field="languages")
    return cleaned


def _clean_availability(availability: Iterable[str]) -> list[str]:
    chosen = set(availability or ())
    if chosen - set(Availability.values):
        raise DomainError(ERR_AVAILABILITY, field="availability")
    return [slot for slot in Availability.values if slot in chosen]


def _clean_location(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise DomainError(ERR_LOCATION_PAIR, field="latitude")
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.00001"))
        lon = Decimal(str(longitude)).quantize(Decimal("0.00001"))
    except (InvalidOperation, ValueError):
        raise DomainError(ERR_LOCATION_RANGE, field="latitude") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DomainError(ERR_LOCATION_RANGE, field="latitude")
    return lat, lon


def _clean_capacity(capacity: Any) -> int:
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= 5:
        raise DomainError(ERR_CAPACITY, field="sharing_capacity")
    return capacity


def _household_for_update(community: Community, household_id: int) -> Household:
    household = Household.objects.select_for_update().filter(community=community, pk=household_id).first()
    if household is None:
        raise NotFound()
    return household


def household_create(
    *,
    actor: Membership,
    community: Community,
    name: str,
    role: str,
    role_since: dt.date | None = None,
    languages: Iterable[str] | str = (),
    neighbourhood: str = "",
    latitude: Any = None,
    longitude: Any = None,
    availability: Iterable[str] = (),
    sharing_capacity: int = 1,
    about: str = "",
) -> Household:
    """A coordinator or coach registers a family; its first role starts its role history."""
    require_staff(actor, community)
    name = _clean_name(name)
    if role not in HouseholdRole.values:
        raise DomainError(ERR_ROLE, field="role")
    role_since = not_in_future(role_since, "role_since")
    languages = _clean_languages(languages)
    availability = _clean_availability(availability)
    latitude, longitude = _clean_location(latitude, longitude)
    sharing_capacity = _clean_capacity(sharing_capacity)
    with transaction.atomic():
        household = Household.objects.create(
            community=community,
            name=name,
            role=role,
            role_since=role_since,
            languages=languages,
            neighbourhood=clean_text(neighbourhood, field="neighbourhood", max_length=120),
            latitude=latitude,
            longitude=longitude,
            availability=availability,
            sharing_capacity=sharing_capacity,
            about=clean_text(about, field="about", max_length=5000),
            created_by=actor.user,
        )
        HouseholdRoleChange.objects.create(
            community=community, household=household, role=role, started_on=role_since, recorded_by=actor.user
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.household.create",
            target=household,
            changes={"name": [None, name], "role": [None, role], "role_since": [None, role_since]},
        )
    return household


def household_update(*, actor: Membership, community: Community, household_id: int, **fields: Any) -> Household:
    """Change a family's details. Its role changes only through `household_set_role`, so history is kept."""
    require_staff(actor, community)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(ERR_UNKNOWN_FIELD % {"fields": ", ".join(sorted(unknown))})
    cleaned: dict[str, Any] = {}
    if "name" in fields:
        cleaned["name"] = _clean_name(fields["name"])
    if "languages" in fields:
        cleaned["languages"] = _clean_languages(fields["languages"])
    if "availability" in fields:
        cleaned["availability"] = _clean_availability(fields["availability"])
    if "latitude" in fields or "longitude" in fields:
        cleaned["latitude"], cleaned["longitude"] = _clean_location(fields.get("latitude"), fields.get("longitude"))
    if "sharing_capacity" in fields:
        cleaned["sharing_capacity"] = _clean_capacity(fields["sharing_capacity"])
    if "neighbourhood" in fields:
        cleaned["neighbourhood"] = clean_text(fields["neighbourhood"], field="neighbourhood", max_length=120)
    if "about" in fields:
        cleaned["about"] = clean_text(fields["about"], field="about", max_length=5000)
    with transaction.atomic():
        household = _household_for_update(community, household_id)
        before = snapshot(household, cleaned)
        for key, value in cleaned.items():
            setattr(household, key, value)
        household.save()
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.household.update",
            target=household,
            changes=diff(before, snapshot(household, cleaned)),
        )
    return household


def household_set_role(
    *, actor: Membership, community: Community, household_id: int, role: str, on: dt.date | None = None, note: str = ""
) -> Household:
    """Record that a family now takes part differently, from a date: a seeking family may become a sharing one.
    Earlier roles stay in the history."""
    require_staff(actor, community)
    if role not in HouseholdRole.values:
        raise DomainError(ERR_ROLE, field="role")
    on = not_in_future(on, "on")
    note = clean_text(note, field="note", max_length=300)
    with transaction.atomic():
        household = _household_for_update(community, household_id)
        if household.role == role:
            raise DomainError(ERR_SAME_ROLE, field="role")
        last = (
            HouseholdRoleChange.objects.filter(community=community, household=household).order_by("-started_on").first()
        )
        if last is not None and on < last.started_on:
            raise DomainError(ERR_ROLE_BEFORE_LAST, field="on")
        active = LinkUp.objects.filter(community=community, status=LinkUp.Status.ACTIVE)
        if role not in SHARING_ROLES and active.filter(sharing=household).exists():
            raise DomainError(ERR_ROLE_IN_USE_SHARING, field="role")
        if role not in SEEKING_ROLES and active.filter(seeking=household).exists():
            raise DomainError(ERR_ROLE_IN_USE_SEEKING, field="role")
        before = household.role
        household.role, household.role_since = role, on
        household.save(update_fields=["role", "role_since", "updated_at"])
        HouseholdRoleChange.objects.create(
            community=community,
            household=household,
            role=role,
            started_on=on,
            note=note,
            recorded_by=actor.user,
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.household.set_role",
            target=household,
            changes={"role": [before, role], "since": [None, on]},
        )
    return household


def household_person_add(
    *,
    actor: Membership,
    community: Community,
    household_id: int,
    kind: str,
    name: str = "",
    birth_year: int | None = None,
    age: int | None = None,
    membership_id: int | None = None,
) -> HouseholdMember:
    """Add an adult or a child to a household. A child needs an age or a year of birth; an adult who takes part
    should be linked to their community membership so their checks and time can be recorded."""
    require_staff(actor, community)
    if kind not in HouseholdMember.Kind.values:
        raise DomainError(ERR_PERSON_KIND, field="kind")
    this_year = timezone.localdate().year
    if age is not None:
        if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 120:
            raise DomainError(ERR_AGE, field="age")
        birth_year = birth_year or this_year - age
    if birth_year is not None and (not isinstance(birth_year, int) or not 1900 <= birth_year <= this_year):
        raise DomainError(ERR_BIRTH_YEAR, field="birth_year")
    if kind == HouseholdMember.Kind.CHILD and birth_year is None:
        raise DomainError(ERR_CHILD_AGE, field="age")
    with transaction.atomic():
        household = _household_for_update(community, household_id)
        membership = None
        if membership_id is not None:
            membership = (
                Membership.objects.filter(community=community, pk=membership_id, status=Membership.Status.ACTIVE)
                .select_related("user")
                .first()
            )
            if membership is None:
                raise DomainError(ERR_MEMBER_NOT_ACTIVE, field="membership_id")
            if HouseholdMember.objects.filter(community=community, membership=membership).exists():
                raise DomainError(ERR_MEMBER_TAKEN, field="membership_id")
        name = clean_text(name, field="name", max_length=150) or (membership.user.name if membership else "")
        if not name:
            raise DomainError(ERR_PERSON_NAME, field="name")
        person = HouseholdMember.objects.create(
            community=community, household=household, name=name, kind=kind, birth_year=birth_year, membership=membership
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.person.add",
            target=person,
            changes={
                "household": [None, household.pk],
                "kind": [None, kind],
                "membership": [None, membership.pk if membership else None],
            },
        )
    return person


def household_person_remove(*, actor: Membership, community: Community, person_id: int) -> None:
    require_staff(actor, community)
    with transaction.atomic():
        person = HouseholdMember.objects.select_for_update().filter(community=community, pk=person_id).first()
        if person is None:
            raise NotFound()
        if LinkUpConsent.objects.filter(community=community, given_by=person).exists():
            raise DomainError(ERR_PERSON_HAS_CONSENTED)
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.person.remove",
            target=person,
            changes={"household": [person.household_id, None], "name": [person.name, None]},
        )
        person.delete()


def household_experience_add(
    *, actor: Membership, community: Community, household_id: int, kind: str, theme: str, description: str
) -> HouseholdExperience:
    """Record, in the family's words, something it has been through or is good at, tagged with a theme."""
    require_staff(actor, community)
    if kind not in HouseholdExperience.Kind.values:
        raise DomainError(ERR_EXPERIENCE_KIND, field="kind")
    if theme not in Theme.values:
        raise DomainError(ERR_THEME, field="theme")
    description = clean_text(description, field="description", max_length=200, required=ERR_DESCRIPTION)
    with transaction.atomic():
        household = _household_for_update(community, household_id)
        experience = HouseholdExperience.objects.create(
            community=community, household=household, kind=kind, theme=theme, description=description
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.experience.add",
            target=experience,
            changes={"household": [None, household.pk], "kind": [None, kind], "theme": [None, theme]},
        )
    return experience


def household_experience_remove(*, actor: Membership, community: Community, experience_id: int) -> None:
    require_staff(actor, community)
    with transaction.atomic():
        experience = HouseholdExperience.objects.filter(community=community, pk=experience_id).first()
        if experience is None:
            raise NotFound()
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.experience.remove",
            target=experience,
            changes={"description": [experience.description, None]},
        )
        experience.delete()


def household_check_record(
    *,
    actor: Membership,
    community: Community,
    person_id: int,
    kind: str,
    status: str,
    checked_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    title: str = "",
    notes: str = "",
) -> Check:
    """Record training, a background check or a reference for an adult of a household, as the community's own
    check (audited there), so the same vetting counts wherever the person helps."""
    require_coordinator(actor, community)
    person = HouseholdMember.objects.filter(community=community, pk=person_id).select_related("membership").first()
    if person is None:
        raise NotFound()
    if person.kind != HouseholdMember.Kind.ADULT or person.membership is None:
        raise DomainError(ERR_CHECK_ADULT_MEMBER, field="person_id")
    if checked_on is not None:
        not_in_future(checked_on, "checked_on")
    title = clean_text(title, field="title", max_length=150)
    notes = clean_text(notes, field="notes", max_length=5000)
    with transaction.atomic():
        return check_record(
            actor=actor,
            community=community,
            membership=person.membership,
            kind=kind,
            status=status,
            title=title,
            checked_on=checked_on,
            expires_on=expires_on,
            notes=notes,
        )
