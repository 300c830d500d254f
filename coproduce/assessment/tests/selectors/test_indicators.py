"""Indicators from insights beside the self-ratings, for the round's period."""

import datetime as dt
import sys

import pytest

from coproduce.assessment.indicators import indicators_for_period, period_bounds
from coproduce.assessment.models import Round
from coproduce.assessment.selectors import round_results
from coproduce.assessment.tests.factories import group, open_round
from coproduce.communities.models import Membership
from coproduce.coproduction.services import ContributionInput, activity_record
from coproduce.insights.models import InsightSnapshot


@pytest.mark.django_db
def test_the_period_runs_from_the_first_midnight_to_the_midnight_after_the_last_day(community):
    start, end = period_bounds(community=community, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))

    assert start.isoformat() == "2026-01-01T00:00:00+00:00"
    assert end.isoformat() == "2026-07-01T00:00:00+01:00"


@pytest.mark.django_db
def test_without_activity_every_principle_is_self_reported_only(community, coordinator):
    assessment_round = open_round(coordinator)

    results = round_results(community=community, assessment_round=assessment_round)

    assert results.insights_available
    assert all(r.indicators is None for r in results.principles)


@pytest.mark.django_db
def test_activity_in_the_period_shows_up_beside_the_principles(community, coordinator, member, other_member):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, Membership.Kind.CITIZEN, [{}, {}, {}])
    when = dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
    for giver, receiver in ((member, other_member), (other_member, member)):
        activity_record(
            actor=coordinator,
            community=community,
            service=assessment_round.service,
            kind="exchange",
            phase="deliver",
            title="Gardening",
            occurred_at=when,
            contributions=[ContributionInput(giver.pk, "gave", 60), ContributionInput(receiver.pk, "received", 60)],
        )

    results = round_results(community=community, assessment_round=assessment_round, language="en")
    raw = indicators_for_period(
        community=community,
        service=assessment_round.service,
        start=assessment_round.period_start,
        end=assessment_round.period_end,
    )

    mutuality = results.principles[2]
    assert mutuality.indicators
    assert raw is not None
    assert [(i.label, i.value) for i in mutuality.indicators] == [(i.label, i.value) for i in raw["MUTUALITY"]]


@pytest.mark.django_db
def test_activity_outside_the_period_is_not_counted(community, coordinator, member, other_member):
    assessment_round = open_round(coordinator)
    activity_record(
        actor=coordinator,
        community=community,
        service=assessment_round.service,
        kind="exchange",
        phase="deliver",
        title="Before",
        occurred_at=dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC),
        contributions=[ContributionInput(member.pk, "gave", 60), ContributionInput(other_member.pk, "received", 60)],
    )

    results = round_results(community=community, assessment_round=assessment_round)

    by_code = {r.principle: r.indicators for r in results.principles}
    assert by_code["MUTUALITY"] is None
    assert by_code["NETWORKS"] is None


@pytest.mark.django_db
def test_without_insights_installed_results_say_self_reported_only(community, coordinator, monkeypatch):
    assessment_round = open_round(coordinator)
    monkeypatch.setitem(sys.modules, "coproduce.insights.selectors", None)  # importing it now fails

    results = round_results(community=community, assessment_round=assessment_round)

    assert not results.insights_available
    assert all(r.indicators is None for r in results.principles)


@pytest.mark.django_db
def test_results_read_the_figures_kept_for_the_period_instead_of_computing_them_again(
    community, coordinator, member, other_member, monkeypatch
):
    assessment_round = open_round(coordinator)
    activity_record(
        actor=coordinator, community=community, service=assessment_round.service, kind="exchange", phase="deliver",
        title="Gardening", occurred_at=dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC),
        contributions=[ContributionInput(member.pk, "gave", 60), ContributionInput(other_member.pk, "received", 60)],
    )
    first = round_results(community=community, assessment_round=assessment_round, language="en")
    assert InsightSnapshot.objects.filter(community=community, service=assessment_round.service).count() == 1

    def computing_again(**kwargs):
        raise AssertionError("the figures were computed again")

    monkeypatch.setattr("coproduce.insights.services.insights_compute", computing_again)
    again = round_results(community=community, assessment_round=assessment_round, language="en")

    assert [p.indicators for p in again.principles] == [p.indicators for p in first.principles]
    assert any(p.indicators for p in again.principles)


@pytest.mark.django_db
def test_a_period_insights_will_not_compute_leaves_every_principle_self_reported(community, coordinator):
    assessment_round = open_round(coordinator)
    Round.objects.filter(pk=assessment_round.pk).update(period_start=dt.date(2000, 1, 1))
    assessment_round.refresh_from_db()

    results = round_results(community=community, assessment_round=assessment_round)

    assert results.insights_available
    assert all(r.indicators is None for r in results.principles)
