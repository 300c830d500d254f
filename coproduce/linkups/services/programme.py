"""Writes for the programme's settings: coach capacity, whether references are needed, how far to look."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import DomainError
from coproduce.linkups.models import ProgrammeSettings

ERR_CAPACITY = _("Enter a number from 1 to 200.")
ERR_DISTANCE = _("Enter a distance from 1 to 200 km.")


def _whole(value: object, field: str, message) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 200:
        raise DomainError(message, field=field)
    return value


def programme_settings_update(
    *,
    actor: Membership,
    community: Community,
    coach_sharing_capacity: int | None = None,
    coach_seeking_capacity: int | None = None,
    require_reference: bool | None = None,
    max_distance_km: int | None = None,
) -> ProgrammeSettings:
    """Coordinators set how many families a coach supports and what a sharing family needs before linking."""
    require_coordinator(actor, community)
    changes: dict[str, object] = {}
    if coach_sharing_capacity is not None:
        changes["coach_sharing_capacity"] = _whole(coach_sharing_capacity, "coach_sharing_capacity", ERR_CAPACITY)
    if coach_seeking_capacity is not None:
        changes["coach_seeking_capacity"] = _whole(coach_seeking_capacity, "coach_seeking_capacity", ERR_CAPACITY)
    if max_distance_km is not None:
        changes["max_distance_km"] = _whole(max_distance_km, "max_distance_km", ERR_DISTANCE)
    if require_reference is not None:
        changes["require_reference"] = bool(require_reference)
    with transaction.atomic():
        settings, _created = ProgrammeSettings.objects.select_for_update().get_or_create(community=community)
        before = snapshot(settings, changes)
        for key, value in changes.items():
            setattr(settings, key, value)
        settings.save()
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.settings.update",
            target=settings,
            changes=diff(before, snapshot(settings, changes)),
        )
    return settings
