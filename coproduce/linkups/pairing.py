"""Scoring how well a sharing family fits a seeking family. Pure functions on plain data: no database.

The score is advice for the coach, who decides. Each part is a fraction from 0 to 1, weighted to a total out of
100, and each part that helps is explained in plain words ("Both speak Arabic; they have been through school
exclusion; 1.2 km away; children of similar ages").
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

WEIGHTS = {"themes": 35, "language": 20, "distance": 20, "children": 15, "availability": 10}
SAME_NEIGHBOURHOOD_FIT = 0.8
# Children more than this many years apart in age count as no fit at all.
AGE_GAP_YEARS = 6
# A part at or above this fraction is worth mentioning.
MENTION = 0.5


@dataclass(frozen=True)
class Experience:
    theme: str
    description: str
    lived: bool = True  # been through it (lived experience), rather than good at it (a strength)


@dataclass(frozen=True)
class FamilyProfile:
    """What the score needs to know about a household."""

    id: int
    name: str
    languages: tuple[str, ...] = ()
    goal_themes: frozenset[str] = frozenset()  # seeking family: themes of its open goals
    experiences: tuple[Experience, ...] = ()  # sharing family: what it has been through or is good at
    children_ages: tuple[int, ...] = ()
    availability: frozenset[str] = frozenset()
    neighbourhood: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Pairing:
    sharing: FamilyProfile
    score: int
    parts: dict[str, float]
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def explanation(self) -> str:
        return capfirst("; ".join(self.reasons)) if self.reasons else ""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), good enough for "how far apart do these families live"."""
    radius = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(a)))


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _language_part(seeking: FamilyProfile, sharing: FamilyProfile) -> tuple[float, list[str], list[str]]:
    theirs = {lang.casefold() for lang in sharing.languages}
    shared = [lang for lang in seeking.languages if lang.casefold() in theirs]
    if shared:
        return 1.0, [_("both speak %(languages)s") % {"languages": _join(shared)}], []
    if seeking.languages and sharing.languages:
        return 0.0, [], [_("no language in common")]
    return 0.0, [], []


def _themes_part(seeking: FamilyProfile, sharing: FamilyProfile) -> tuple[float, list[str]]:
    if not seeking.goal_themes:
        return 0.0, []
    lived = {e.theme for e in sharing.experiences if e.lived}
    strengths = {e.theme for e in sharing.experiences if not e.lived} - lived
    # What a family has been through counts fully; what it is good at counts half.
    value = (len(seeking.goal_themes & lived) + 0.5 * len(seeking.goal_themes & strengths)) / len(seeking.goal_themes)
    reasons = []
    been_through = [e.description for e in sharing.experiences if e.lived and e.theme in seeking.goal_themes]
    good_at = [e.description for e in sharing.experiences if not e.lived and e.theme in seeking.goal_themes & strengths]
    if been_through:
        reasons.append(_("they have been through %(experiences)s") % {"experiences": _join(been_through)})
    if good_at:
        reasons.append(_("they are good at %(strengths)s") % {"strengths": _join(good_at)})
    return min(1.0, value), reasons


def _distance_part(
    seeking: FamilyProfile, sharing: FamilyProfile, max_km: float
) -> tuple[float, float | None, list[str], list[str]]:
    if None not in (seeking.latitude, seeking.longitude, sharing.latitude, sharing.longitude):
        km = distance_km(seeking.latitude, seeking.longitude, sharing.latitude, sharing.longitude)  # type: ignore[arg-type]
        value = max(0.0, 1.0 - km / max_km)
        shown = number_format(round(km, 1), decimal_pos=1)
        if value > 0:
            return value, km, [_("%(km)s km away") % {"km": shown}], []
        return 0.0, km, [], [_("%(km)s km apart") % {"km": shown}]
    if seeking.neighbourhood and seeking.neighbourhood.casefold() == sharing.neighbourhood.casefold():
        return SAME_NEIGHBOURHOOD_FIT, None, [_("both live in %(place)s") % {"place": sharing.neighbourhood}], []
    return 0.0, None, [], []


def _children_part(seeking: FamilyProfile, sharing: FamilyProfile) -> tuple[float, list[str]]:
    if not seeking.children_ages or not sharing.children_ages:
        return 0.0, []
    fits = [
        max(0.0, 1.0 - min(abs(a - b) for b in sharing.children_ages) / AGE_GAP_YEARS) for a in seeking.children_ages
    ]
    value = sum(fits) / len(fits)
    return value, [_("children of similar ages")] if value >= MENTION else []


def _availability_part(
    seeking: FamilyProfile, sharing: FamilyProfile, labels: dict[str, str]
) -> tuple[float, list[str]]:
    if not seeking.availability:
        return 0.0, []
    shared = sorted(
        seeking.availability & sharing.availability, key=lambda s: list(labels).index(s) if s in labels else 99
    )
    value = len(shared) / len(seeking.availability)
    if not shared:
        return 0.0, []
    return value, [_("both free on %(times)s") % {"times": _join([str(labels.get(s, s)).lower() for s in shared])}]


def score_pairing(
    seeking: FamilyProfile,
    sharing: FamilyProfile,
    *,
    max_distance_km: float = 10.0,
    availability_labels: dict[str, str] | None = None,
) -> Pairing:
    """How well `sharing` fits `seeking`, out of 100, with the reasons in plain words."""
    language, language_reasons, language_cautions = _language_part(seeking, sharing)
    themes, theme_reasons = _themes_part(seeking, sharing)
    distance, km, distance_reasons, distance_cautions = _distance_part(seeking, sharing, max_distance_km)
    children, children_reasons = _children_part(seeking, sharing)
    availability, availability_reasons = _availability_part(seeking, sharing, availability_labels or {})
    parts = {
        "themes": themes,
        "language": language,
        "distance": distance,
        "children": children,
        "availability": availability,
    }
    score = round(sum(WEIGHTS[name] * value for name, value in parts.items()))
    return Pairing(
        sharing=sharing,
        score=score,
        parts=parts,
        distance_km=km,
        reasons=language_reasons + theme_reasons + distance_reasons + children_reasons + availability_reasons,
        cautions=language_cautions + distance_cautions,
    )


def rank_pairings(
    seeking: FamilyProfile,
    candidates: Iterable[FamilyProfile],
    *,
    max_distance_km: float = 10.0,
    availability_labels: dict[str, str] | None = None,
) -> list[Pairing]:
    """Every candidate scored, best first; ties broken by name then id so the order is stable."""
    pairings = [
        score_pairing(seeking, candidate, max_distance_km=max_distance_km, availability_labels=availability_labels)
        for candidate in candidates
        if candidate.id != seeking.id
    ]
    return sorted(pairings, key=lambda p: (-p.score, p.sharing.name.casefold(), p.sharing.id))
