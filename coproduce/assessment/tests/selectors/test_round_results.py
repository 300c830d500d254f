"""Results on worked examples whose answers are computed by hand here."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.assessment import services
from coproduce.assessment.domain import Band, band_of, score_of
from coproduce.assessment.selectors import round_results
from coproduce.assessment.tests.factories import group, open_round, principle_answers, respondent, submit
from coproduce.communities.models import Membership

PRO = Membership.Kind.PROFESSIONAL
CITIZEN = Membership.Kind.CITIZEN


@pytest.mark.django_db
def test_scores_bands_and_gap_on_a_worked_example_with_dont_know(community, coordinator):
    assessment_round = open_round(coordinator)
    # Professionals on ASSETS: 4,4,5,3 | 3,?,4,4 | 2,3,?,?  -> 9 answered, sum 32, mean 3.556 -> 63.9 -> 64
    group(
        assessment_round,
        coordinator,
        PRO,
        [
            principle_answers({"ASSETS": [4, 4, 5, 3]}),
            principle_answers({"ASSETS": [3, None, 4, 4]}),
            principle_answers({"ASSETS": [2, 3, None, None]}),
        ],
    )
    # People who use the service: 2,2,3,2 | 1,2,2,? | 3,3,2,2 -> 11 answered, sum 24, mean 2.182 -> 29.5 -> 30
    group(
        assessment_round,
        coordinator,
        CITIZEN,
        [
            principle_answers({"ASSETS": [2, 2, 3, 2]}),
            principle_answers({"ASSETS": [1, 2, 2, None]}),
            principle_answers({"ASSETS": [3, 3, 2, 2]}),
        ],
    )

    results = round_results(community=community, assessment_round=assessment_round, language="en")
    assets = results.principles[0]

    assert assets.principle == "ASSETS"
    assert (assets.professional.score, assets.professional.band) == (64, Band.ON_THE_WAY)
    assert (assets.user.score, assets.user.band) == (30, Band.STARTING_OUT)
    assert assets.gap == 34
    assert assets.flagged
    # every other statement was answered 3 by everyone: mean 3 -> 50, no gap
    mutuality = results.principles[2]
    assert (mutuality.professional.score, mutuality.user.score, mutuality.gap, mutuality.flagged) == (50, 50, 0, False)
    assert results.respondents == {"professional": 3, "user": 3}


@pytest.mark.django_db
def test_a_gap_of_exactly_twenty_is_flagged_and_nineteen_is_not(community, coordinator):
    assessment_round = open_round(coordinator)
    # Professionals: all 4 -> 75 on every principle.
    group(assessment_round, coordinator, PRO, [{}, {}, {}], default=4)
    # Users on NETWORKS: 3,3,3,3 | 4,4,?,? | 3,3,3,3 -> 10 answered, sum 32, mean 3.2 -> 55 -> gap 20
    # Users on CATALYSTS: 3,3,3,4 three times -> mean 3.25 -> 56.25 -> 56 -> gap 19
    group(
        assessment_round,
        coordinator,
        CITIZEN,
        [
            principle_answers({"NETWORKS": [3, 3, 3, 3], "CATALYSTS": [3, 3, 3, 4]}, default=4),
            principle_answers({"NETWORKS": [4, 4, None, None], "CATALYSTS": [3, 3, 3, 4]}, default=4),
            principle_answers({"NETWORKS": [3, 3, 3, 3], "CATALYSTS": [3, 3, 3, 4]}, default=4),
        ],
        default=4,
    )

    by_code = {r.principle: r for r in round_results(community=community, assessment_round=assessment_round).principles}

    assert (by_code["NETWORKS"].user.score, by_code["NETWORKS"].gap, by_code["NETWORKS"].flagged) == (55, 20, True)
    assert (by_code["CATALYSTS"].user.score, by_code["CATALYSTS"].gap, by_code["CATALYSTS"].flagged) == (56, 19, False)
    assert by_code["ASSETS"].gap == 0


@pytest.mark.django_db
def test_all_dont_know_gives_no_score_but_the_group_is_still_shown(community, coordinator):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [principle_answers({"MUTUALITY": [None] * 4}, default=5)] * 3, default=5)

    mutuality = round_results(community=community, assessment_round=assessment_round).principles[2]

    assert not mutuality.professional.hidden
    assert mutuality.professional.score is None
    assert mutuality.professional.band is None
    assert mutuality.gap is None


@pytest.mark.django_db
def test_a_single_respondent_or_two_are_hidden_and_so_is_their_evidence(community, coordinator):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [{}, {}, {}], default=4)
    lone = respondent(assessment_round, coordinator, CITIZEN)
    submit(assessment_round, lone, {}, default=1, evidence={"ASSETS_1": "Only I would say this."})

    results = round_results(community=community, assessment_round=assessment_round)

    assert results.respondents["user"] == 1
    assert all(r.user.hidden and r.user.score is None for r in results.principles)
    assert all(r.gap is None and not r.flagged for r in results.principles)
    assert all(e.perspective != "user" for r in results.principles for e in r.evidence)
    assert results.principles[0].professional.score == 75


@pytest.mark.django_db
def test_drafts_do_not_count(community, coordinator):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [{}, {}], default=4)
    drafter = respondent(assessment_round, coordinator, PRO)
    services.response_save(
        actor=drafter,
        community=community,
        round_id=assessment_round.pk,
        answers=[services.AnswerInput(code="ASSETS_1", rating=1)],
    )

    results = round_results(community=community, assessment_round=assessment_round)

    assert results.respondents["professional"] == 2
    assert results.principles[0].professional.hidden


@pytest.mark.django_db
def test_evidence_is_listed_per_statement_without_names(community, coordinator):
    assessment_round = open_round(coordinator)
    group(
        assessment_round,
        coordinator,
        CITIZEN,
        [{}, {}, {}],
        default=3,
        evidence={"ASSETS_2": "My baking skills are on the noticeboard."},
    )

    assets = round_results(community=community, assessment_round=assessment_round, language="en").principles[0]

    assert len(assets.evidence) == 3
    assert {e.code for e in assets.evidence} == {"ASSETS_2"}
    assert assets.evidence[0].statement.startswith("The skills, experience and interests I bring")
    assert assets.evidence[0].text == "My baking skills are on the noticeboard."


@pytest.mark.django_db
def test_the_next_step_follows_the_weaker_view_and_the_communitys_own_wording(community, coordinator):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [{}, {}, {}], default=5)  # 100, going strong
    group(assessment_round, coordinator, CITIZEN, [{}, {}, {}], default=2)  # 25, starting out
    services.next_step_set(
        actor=coordinator,
        community=community,
        principle="ASSETS",
        band="starting_out",
        text="Run a skills swap evening.",
    )

    results = round_results(community=community, assessment_round=assessment_round, language="en")

    assert results.principles[0].next_step_band == Band.STARTING_OUT
    assert results.principles[0].next_step == "Run a skills swap evening."
    assert results.principles[1].next_step.startswith("Pair people who mostly receive help")


@pytest.mark.django_db
def test_community_statements_are_reported_apart_and_left_out_of_the_comparable_score(community, coordinator):
    own = services.community_statement_create(
        actor=coordinator,
        community=community,
        principle="ASSETS",
        professional_text="We hold a skills fair.",
        user_text="I went to a skills fair.",
    )
    assessment_round = open_round(coordinator)
    group(
        assessment_round,
        coordinator,
        PRO,
        [{own.code: 1}, {own.code: 1}, {own.code: 1}],
        default=5,
        extra_codes=(own.code,),
    )

    results = round_results(community=community, assessment_round=assessment_round)

    assert results.principles[0].professional.score == 100
    assert len(results.own_statements) == 1
    assert results.own_statements[0].scores["professional"].score == 0
    assert results.own_statements[0].scores["user"].hidden


rating_lists = st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), min_size=4, max_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(rating_lists, min_size=3, max_size=4))
@pytest.mark.django_db
def test_the_stored_results_agree_with_the_formula_for_any_answers(community, coordinator, rows):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [principle_answers({"NETWORKS": row}) for row in rows])

    networks = round_results(community=community, assessment_round=assessment_round).principles[3]

    pooled = [r for row in rows for r in row]
    assert networks.professional.score == score_of(pooled)
    assert networks.professional.band == band_of(score_of(pooled))
    assert networks.user.hidden
