import datetime as dt

import pytest
from django.utils import timezone

from coproduce.panels.selectors import case_counts, juror_candidates
from coproduce.panels.tests.conftest import former_respondent, make_case, train


@pytest.mark.django_db
def test_candidates_are_trained_former_respondents_of_this_court(community, coordinator, member, other_community):
    ready = former_respondent(community, name="Ready Rae")
    former_respondent(community, trained=False)
    lapsed = former_respondent(community, trained=False)
    train(community, lapsed, expires_on=timezone.localdate() - dt.timedelta(days=1))
    train(community, member)
    former_respondent(other_community)

    assert list(juror_candidates(community=community)) == [ready]


@pytest.mark.django_db
def test_case_counts_cover_every_stage(community, coordinator):
    make_case(community, coordinator)
    counts = case_counts(community=community)
    assert counts["referral"] == 1
    assert sum(counts.values()) == 1
    assert set(counts) >= {"intake", "completed", "returned", "non_compliant"}
