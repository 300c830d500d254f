"""Whether a sharing family is ready to be linked: every adult trained and checked, with the checks in date.

Checks are the community's own vetting records (communities.Check), one per adult who is a community member.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coproduce.communities.models import Check, Community
from coproduce.linkups.models import Household, HouseholdMember
from coproduce.linkups.selectors.households import programme_settings_get

VALID, PENDING, EXPIRED, FAILED, MISSING, NOT_MEMBER = "valid", "pending", "expired", "failed", "missing", "not_member"
# When an adult has several checks of one kind, the most useful one to show wins.
_PREFERENCE = {VALID: 0, PENDING: 1, EXPIRED: 2, FAILED: 3}


def required_check_kinds(*, community: Community) -> list[str]:
    kinds: list[str] = [Check.Kind.TRAINING, Check.Kind.BACKGROUND]
    if programme_settings_get(community=community).require_reference:
        kinds.append(Check.Kind.REFERENCE)
    return kinds


def _check_label(kind: str) -> str:
    labels: dict[str, str] = {
        Check.Kind.TRAINING: _("training"),
        Check.Kind.BACKGROUND: _("background check"),
        Check.Kind.REFERENCE: _("reference"),
    }
    return labels.get(kind, kind)


@dataclass
class CheckState:
    kind: str
    state: str
    check: Check | None = None

    @property
    def label(self) -> str:
        return _check_label(self.kind)


@dataclass
class AdultReadiness:
    person: HouseholdMember
    checks: list[CheckState] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Readiness:
    household: Household
    adults: list[AdultReadiness] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing


def _state(check: Check, on: dt.date) -> str:
    if check.status == Check.Status.PASSED:
        return VALID if check.expires_on is None or check.expires_on >= on else EXPIRED
    return PENDING if check.status == Check.Status.PENDING else FAILED


def _describe(name: str, state: CheckState) -> str:
    label = state.label
    if state.state == MISSING:
        return _("%(name)s has no %(check)s recorded") % {"name": name, "check": label}
    if state.state == PENDING:
        return _("%(name)s's %(check)s is still pending") % {"name": name, "check": label}
    if state.state == FAILED:
        return _("%(name)s did not pass the %(check)s") % {"name": name, "check": label}
    expired = formats.date_format(state.check.expires_on, "j M Y") if state.check and state.check.expires_on else ""
    return _("%(name)s's %(check)s expired on %(date)s") % {"name": name, "check": label, "date": expired}


def households_readiness(
    *, community: Community, households: Iterable[Household], on: dt.date | None = None
) -> dict[int, Readiness]:
    """Readiness of several households at once, in three queries whatever their number."""
    on = on or timezone.localdate()
    households = list(households)
    kinds = required_check_kinds(community=community)
    people = list(
        HouseholdMember.objects.filter(community=community, household__in=households, kind=HouseholdMember.Kind.ADULT)
        .select_related("membership", "household")
        .order_by("name", "id")
    )
    membership_ids = [p.membership_id for p in people if p.membership_id]
    best: dict[tuple[int, str], CheckState] = {}
    for check in Check.objects.filter(community=community, membership_id__in=membership_ids, kind__in=kinds).order_by(
        "checked_on", "id"
    ):
        state = CheckState(kind=check.kind, state=_state(check, on), check=check)
        key = (check.membership_id, check.kind)
        current = best.get(key)
        # Later checks of equal preference replace earlier ones (ordered by date).
        if current is None or _PREFERENCE[state.state] <= _PREFERENCE[current.state]:
            best[key] = state
    adults_by_household: dict[int, list[HouseholdMember]] = defaultdict(list)
    for person in people:
        adults_by_household[person.household_id].append(person)
    result = {}
    for household in households:
        readiness = Readiness(household=household)
        if not household.is_sharing:
            readiness.missing.append(_("%(name)s is not registered as a sharing family") % {"name": household.name})
        adults = adults_by_household.get(household.pk, [])
        if not adults:
            readiness.missing.append(_("no adults are recorded in %(name)s") % {"name": household.name})
        for person in adults:
            adult = AdultReadiness(person=person)
            if person.membership is None or not person.membership.is_active:
                adult.missing.append(
                    _("%(name)s is not an active community member, so their training and checks cannot be recorded")
                    % {"name": person.name}
                )
                adult.checks = [CheckState(kind=kind, state=NOT_MEMBER) for kind in kinds]
            else:
                for kind in kinds:
                    state = best.get((person.membership.pk, kind)) or CheckState(kind=kind, state=MISSING)
                    adult.checks.append(state)
                    if state.state != VALID:
                        adult.missing.append(_describe(person.name, state))
            readiness.adults.append(adult)
            readiness.missing.extend(adult.missing)
        result[household.pk] = readiness
    return result


def household_readiness(*, community: Community, household: Household, on: dt.date | None = None) -> Readiness:
    return households_readiness(community=community, households=[household], on=on)[household.pk]
