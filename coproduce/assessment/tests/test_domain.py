"""The reference formulas: score = (mean − 1) / 4 × 100 over answered items; bands; perception gap."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.assessment.domain import (
    Band,
    band_of,
    gap_flagged,
    gap_of,
    perspective_score,
    score_of,
)


def test_score_of_worked_example_leaves_out_dont_know():
    # given ratings 4, 4, 5, 3 and two "don't know": mean = 16 / 4 = 4.0 -> (4 - 1) / 4 * 100 = 75
    ratings = [4, None, 4, 5, None, 3]

    assert score_of(ratings) == 75


def test_score_of_rounds_half_up():
    # mean 3.5 -> 62.5 -> 63; mean 3.25 -> 56.25 -> 56
    assert score_of([3, 4]) == 63
    assert score_of([3, 3, 3, 4]) == 56


def test_score_of_extremes_and_nothing_answered():
    assert score_of([1, 1, 1]) == 0
    assert score_of([5]) == 100
    assert score_of([None, None]) is None
    assert score_of([]) is None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.NOT_THERE_YET),
        (24, Band.NOT_THERE_YET),
        (25, Band.STARTING_OUT),
        (49, Band.STARTING_OUT),
        (50, Band.ON_THE_WAY),
        (74, Band.ON_THE_WAY),
        (75, Band.GOING_STRONG),
        (100, Band.GOING_STRONG),
        (None, None),
    ],
)
def test_band_edges(score, band):
    assert band_of(score) == band


def test_gap_is_professional_minus_user_and_flags_at_twenty_either_way():
    assert gap_of(75, 55) == 20
    assert gap_flagged(20)
    assert gap_flagged(-20)
    assert not gap_flagged(19)
    assert not gap_flagged(-19)
    assert gap_of(None, 40) is None
    assert not gap_flagged(None)


def test_perspective_score_hides_groups_below_three():
    assert perspective_score(respondents=2, ratings=[5, 5]).hidden
    assert perspective_score(respondents=2, ratings=[5, 5]).score is None
    shown = perspective_score(respondents=3, ratings=[5, 5, 1])
    assert not shown.hidden
    assert shown.score == 67  # mean 11/3 = 3.667 -> 66.67 -> 67


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), max_size=40))
def test_score_is_in_range_and_matches_its_band(ratings):
    answered = [r for r in ratings if r is not None]
    score = score_of(ratings)
    if not answered:
        assert score is None
        return
    assert 0 <= score <= 100
    exact = (sum(answered) / len(answered) - 1) / 4 * 100
    assert abs(score - exact) <= 0.5 + 1e-9
    assert band_of(score) is not None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=20), st.integers(min_value=0, max_value=19))
def test_raising_one_rating_never_lowers_the_score(ratings, index):
    index %= len(ratings)
    raised = list(ratings)
    raised[index] += 1
    assert score_of(raised) >= score_of(ratings)
