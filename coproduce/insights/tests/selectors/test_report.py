"""Ladder profile, phase coverage, network measures and the funder report in the computed payload."""

import pytest

from coproduce.communities.models import Membership
from coproduce.core.testing import make_member
from coproduce.insights.outcomes import Outcome, register_outcomes, unregister_outcomes
from coproduce.insights.report import insights_compute
from coproduce.insights.tests.factories import END, START, backdate_members, day, exchange, make_service, record

PRO = Membership.Kind.PROFESSIONAL


def compute(community, **kwargs):
    backdate_members(community)
    return insights_compute(community=community, start=START, end=END, **kwargs)


def test_ladder_profile_spreads_engagement_activities_over_the_steps(community):
    person, service = make_member(community), make_service(community)
    for step in (2, 4, 4, 6, 7):
        record(
            community,
            service,
            [(person, "took_part", 60)],
            phase="design",
            kind="workshop",
            ladder_step=step,
            when=day(step),
        )
    record(community, service, [(person, "took_part", 60)], kind="shift", when=day(9))  # no step: not engagement
    ladder = compute(community)["ladder"]
    # five engagement activities: step 4 twice -> 40 %
    assert ladder["total"] == 5
    assert [s["activities"] for s in ladder["steps"]] == [0, 1, 0, 2, 0, 1, 1]
    assert ladder["steps"][3]["share"] == 40.0
    assert ladder["steps"][3]["code"] == "CONSULTING"
    # bands: doing to (steps 1-2) 1/5, doing for (3-5) 2/5, doing with (6-7) 2/5
    assert {k: v["share"] for k, v in ladder["bands"].items()} == {
        "doing_to": 20.0,
        "doing_for": 40.0,
        "doing_with": 40.0,
    }


def test_ladder_profile_without_engagement_activities(community):
    ladder = compute(community)["ladder"]
    assert ladder["total"] == 0
    assert not ladder["has_data"]
    assert all(s["share"] is None for s in ladder["steps"])


def test_phase_coverage(community):
    citizen, pro, service = make_member(community), make_member(community, kind=PRO), make_service(community)
    record(community, service, [(pro, "decided", 60), (citizen, "decided", 20)], phase="commission", kind="meeting")
    exchange(community, service, citizen, pro, minutes=30)
    phases = compute(community)["phases"]
    by_phase = {p["phase"]: p for p in phases["phases"]}
    assert (phases["covered"], phases["of"]) == (2, 4)
    assert by_phase["commission"]["citizen_share"] == 25.0  # 20 of 80 minutes
    assert by_phase["deliver"]["citizen_share"] == 100.0  # the professional only received
    assert not by_phase["design"]["covered"]
    assert by_phase["assess"]["citizen_share"] is None


def test_network_measures_and_picture(community):
    a, b, c = (make_member(community) for _ in range(3))
    pro = make_member(community, kind=PRO)
    service = make_service(community)
    exchange(community, service, a, b, when=day(1))
    exchange(community, service, b, a, when=day(40))
    record(community, service, [(c, "took_part", 60), (pro, "facilitated", 60)], kind="shift", when=day(50))
    network = compute(community)["network"]
    assert (network["citizens"], network["peer_ties"], network["largest_group"]) == (3, 1, 2)
    assert network["largest_group_share"] == pytest.approx(66.67)
    assert (network["help_pairs"], network["two_way_pairs"]) == (1, 1)
    assert [m["new_ties"] for m in network["new_ties_by_month"]] == [1, 0, 0, 0, 0, 0]  # a-b first met in January
    assert [m["month"] for m in network["new_ties_by_month"]][:2] == ["2025-01", "2025-02"]
    picture = network["picture"]
    assert {n["id"] for n in picture["nodes"]} == {a.pk, b.pk, c.pk, pro.pk}
    edge = next(e for e in picture["edges"] if {e["a"], e["b"]} == {a.pk, b.pk})
    assert (edge["together"], edge["a_gave"], edge["b_gave"]) == (2, 1, 1)
    assert all(0 <= n["x"] <= 640 and 0 <= n["y"] <= 420 for n in picture["nodes"])


def test_funder_report(community, coordinator):
    community.hour_value = "12.50"
    community.save()
    a, b, c, _idle = (make_member(community) for _ in range(4))
    service = make_service(community)
    exchange(community, service, a, b, minutes=60, when=day(10), category="Gardening")  # January
    exchange(community, service, b, a, minutes=90, when=day(40), category="Company")  # February
    exchange(community, service, c, a, minutes=30, when=day(45), category="Gardening")
    record(community, service, [(a, "took_part", 120)], kind="shift", when=day(70))  # March
    report = compute(community)["funder"]
    months = {m["month"]: m for m in report["months"]}
    assert list(months) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert (months["2025-01"]["hours_given"], months["2025-02"]["hours_given"]) == (1.0, 2.0)
    assert months["2025-02"]["hours_received"] == 2.0
    assert months["2025-03"]["by_kind"] == {"shift": 1}
    assert (report["hours_given"], report["hours_received"]) == (3.0, 3.0)
    assert report["categories"] == [
        {"category": "Gardening", "exchanges": 2, "hours": 1.5},
        {"category": "Company", "exchanges": 1, "hours": 1.5},
    ]
    # a, b, c took part; the coordinator and the idle member did not
    assert (report["active_members"], report["inactive_members"]) == (3, 2)
    assert report["people_reached"] == 2  # a and b received
    # b received in January and gave in February: moved from receiving to giving; a gave first, c never received
    assert report["moved_to_giving"] == 1
    # citizens contributed 60 + 90 + 30 + 120 = 300 minutes = 5 hours, at 12.50 an hour
    assert (report["citizen_hours"], report["value_of_hours"]) == (5.0, "62.50")


def test_funder_report_includes_outcomes_from_registered_providers(community):
    def goals(community_, service, start, end):
        return [Outcome("goals_met", "Family goals met", 4)]

    def broken(community_, service, start, end):
        raise RuntimeError("a provider failing must not break the report")

    register_outcomes(goals)
    register_outcomes(broken)
    try:
        report = compute(community)["funder"]
    finally:
        unregister_outcomes(goals)
        unregister_outcomes(broken)
    assert report["outcomes"] == [{"code": "goals_met", "label": "Family goals met", "value": 4, "unit": "count"}]
