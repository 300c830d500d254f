"""The assessment scheme: perspectives, the action scale, scores, bands and perception gaps.

Pure functions with no database access, so the reference formulas can be checked on worked examples.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.coproduction.domain import Principle

# Below this many respondents in a perspective no result is shown, so no one can be identified.
MIN_GROUP_SIZE = 3
# A perception gap of this many points or more (either way) is flagged.
GAP_FLAG_POINTS = 20


class Perspective(models.TextChoices):
    PROFESSIONAL = "professional", _("Professionals")
    USER = "user", _("People who use the service and their families")


class Rating(models.IntegerChoices):
    """The action scale. "Don't know" is stored as no rating with `dont_know` set and is left out of scores."""

    NOT_YET_STARTED = 1, _("Not yet started")
    MADE_A_START = 2, _("Made a start")
    SEVERAL_FRONTS = 3, _("Progress on several fronts")
    DOING_WELL = 4, _("Doing well in most areas")
    CONSISTENTLY = 5, _("Consistently, across the board")


DONT_KNOW = "dont_know"
DONT_KNOW_LABEL = _("Don't know")


class Band(models.TextChoices):
    NOT_THERE_YET = "not_there_yet", _("Not there yet")
    STARTING_OUT = "starting_out", _("Starting out")
    ON_THE_WAY = "on_the_way", _("On the way")
    GOING_STRONG = "going_strong", _("Going strong")


BAND_FLOORS = ((75, Band.GOING_STRONG), (50, Band.ON_THE_WAY), (25, Band.STARTING_OUT), (0, Band.NOT_THERE_YET))

PRINCIPLES: tuple[str, ...] = tuple(Principle.values)


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def score_of(ratings: Iterable[int | None]) -> int | None:
    """Score 0–100 = (mean − 1) / 4 × 100 over the answered items, rounded half up to a whole number.

    `None` items are "don't know" (or unanswered) and are left out; with nothing answered there is no score.
    """
    answered = [r for r in ratings if r is not None]
    if not answered:
        return None
    mean = Decimal(sum(answered)) / Decimal(len(answered))
    return round_half_up(float((mean - 1) / 4 * 100))


def band_of(score: int | None) -> str | None:
    """0–24 not there yet, 25–49 starting out, 50–74 on the way, 75–100 going strong."""
    if score is None:
        return None
    for floor, band in BAND_FLOORS:
        if score >= floor:
            return band
    return Band.NOT_THERE_YET


def gap_of(professional: int | None, user: int | None) -> int | None:
    """Perception gap = professional score − user score; only when both are shown."""
    if professional is None or user is None:
        return None
    return professional - user


def gap_flagged(gap: int | None) -> bool:
    return gap is not None and abs(gap) >= GAP_FLAG_POINTS


@dataclass(frozen=True)
class PerspectiveScore:
    """One perspective's result for one principle. `hidden` when too few people answered to show it."""

    respondents: int
    answered_items: int
    score: int | None
    hidden: bool

    @property
    def band(self) -> str | None:
        return band_of(self.score)


def perspective_score(*, respondents: int, ratings: list[int | None]) -> PerspectiveScore:
    if respondents < MIN_GROUP_SIZE:
        return PerspectiveScore(respondents=respondents, answered_items=0, score=None, hidden=True)
    answered = [r for r in ratings if r is not None]
    return PerspectiveScore(
        respondents=respondents, answered_items=len(answered), score=score_of(answered), hidden=False
    )
