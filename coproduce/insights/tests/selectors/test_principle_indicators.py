"""Each indicator computed on a small hand-made set of activities, with the arithmetic worked out here."""

import pytest

from coproduce.communities.models import Asset, Membership
from coproduce.core.testing import make_member
from coproduce.insights.selectors import principle_indicators
from coproduce.insights.tests.factories import END, START, backdate_members, day, exchange, make_service, record

PRO = Membership.Kind.PROFESSIONAL


def figures(community, **kwargs):
    backdate_members(community)
    result = principle_indicators(community=community, start=START, end=END, **kwargs)
    return {i.code: i for items in result.values() for i in items}


def test_every_principle_is_present_even_with_no_activity(community, member, coordinator):
    # given members but no activity at all
    backdate_members(community)
    # when
    result = principle_indicators(community=community, start=START, end=END)
    # then every principle is a key, and figures with nothing to divide by say so instead of showing zero
    assert set(result) == {"ASSETS", "CAPABILITIES", "MUTUALITY", "NETWORKS", "BLURRING_ROLES", "CATALYSTS"}
    by_code = {i.code: i for items in result.values() for i in items}
    assert by_code["members_who_gave"].value == 0
    assert by_code["members_who_gave"].has_data
    for code in (
        "moved_to_giving",
        "gave_and_received",
        "two_way_pairs",
        "peer_ties_per_member",
        "largest_group",
        "new_ties_per_month",
        "top_decile_share",
        "citizen_delivery_share",
        "citizen_planning_share",
        "mixed_crews",
        "professional_facilitation",
        "citizen_minutes_per_professional_minute",
    ):
        assert by_code[code].value is None, code
        assert not by_code[code].has_data, code


def test_assets_share_with_asset_and_share_who_gave(community, coordinator):
    # given four active members (a professional and three citizens) and one who left
    a, b, c = (make_member(community) for _ in range(3))
    gone = make_member(community, status=Membership.Status.LEFT)
    for owner in (a, b, b, gone):
        Asset.objects.create(community=community, membership=owner, kind="skill", title="Cooking")
    service = make_service(community)
    exchange(community, service, a, b, when=day(3))
    exchange(community, service, c, a, when=day(-5))  # before the period: does not count
    # when
    f = figures(community)
    # then a and b have assets: 2 of 4 active members = 50 %; only a gave in the period: 1 of 4 = 25 %
    assert (
        f["members_with_assets"].value,
        f["members_with_assets"].numerator,
        f["members_with_assets"].denominator,
    ) == (50.0, 2, 4)
    assert (f["members_who_gave"].value, f["members_who_gave"].numerator) == (25.0, 1)


def test_capabilities_counts_members_who_started_by_receiving_and_then_gave(community):
    pro = make_member(community, kind=PRO)
    a, b, c, d, e, f_ = (make_member(community) for _ in range(6))
    service = make_service(community)
    exchange(community, service, pro, a, when=day(1))
    exchange(community, service, a, c, when=day(5))  # a: received then gave -> moved; c receives
    exchange(community, service, pro, b, when=day(-10))
    record(community, service, [(b, "facilitated", 30)], when=day(3))  # b: received before, facilitates now -> moved
    exchange(community, service, d, pro, when=day(1))
    exchange(community, service, pro, d, when=day(4))  # d gave first: never "only receiving"
    exchange(community, service, pro, e, when=day(-20))
    exchange(community, service, e, pro, when=day(-5))  # e moved before the period: not counted
    exchange(community, service, pro, f_, when=day(2))
    record(community, service, [(f_, "took_part", 60)], when=day(6))  # taking part is not a step up
    # when
    result = figures(community)["moved_to_giving"]
    # then candidates a, b, c, f (started by receiving, not moved before): 4; moved: a and b -> 2 / 4 = 50 %
    assert (result.value, result.numerator, result.denominator) == (50.0, 2, 4)


def test_mutuality_both_gave_and_received_and_two_way_pairs(community, coordinator):
    a, b, c = (make_member(community) for _ in range(3))
    service = make_service(community)
    exchange(community, service, a, b, when=day(1))
    exchange(community, service, b, a, when=day(2))
    exchange(community, service, a, c, when=day(3))
    # a coordinator facilitating an exchange is not part of a giving pair
    record(community, service, [(c, "gave", 30), (b, "received", 30), (coordinator, "facilitated", 10)], when=day(4))
    # when
    f = figures(community)
    # then a, b and c gave or received; a, b and c each did both -> 3 / 3
    assert (f["gave_and_received"].value, f["gave_and_received"].denominator) == (100.0, 3)
    # pairs {a,b} both ways, {a,c} one way, {b,c} one way -> 1 / 3
    assert (f["two_way_pairs"].numerator, f["two_way_pairs"].denominator) == (1, 3)
    assert f["two_way_pairs"].value == pytest.approx(33.33)


def test_mutuality_member_who_only_received(community):
    a, b = make_member(community), make_member(community)
    exchange(community, make_service(community), a, b, when=day(1))
    f = figures(community)
    # a gave, b received: neither did both -> 0 of 2; the one pair flowed one way -> 0 of 1
    assert (f["gave_and_received"].value, f["gave_and_received"].denominator) == (0.0, 2)
    assert (f["two_way_pairs"].value, f["two_way_pairs"].denominator) == (0.0, 1)


def test_networks_ties_groups_and_new_ties(community):
    pro = make_member(community, kind=PRO)
    a, b, c, d, e, f_ = (make_member(community) for _ in range(6))
    service = make_service(community)
    record(
        community,
        service,
        [(a, "took_part", 60), (b, "took_part", 60), (c, "decided", 60), (pro, "facilitated", 60)],
        phase="design",
        kind="workshop",
        when=day(10),
    )
    exchange(community, service, d, e, when=day(-30))  # d and e met before the period
    exchange(community, service, e, d, when=day(40))
    record(community, service, [(f_, "took_part", 60), (pro, "took_part", 60)], kind="shift", when=day(50))
    # when
    result = figures(community)
    # then ties between citizens: ab, ac, bc, de = 4 among 6 citizens -> 2 * 4 / 6 = 1.33 per member
    assert (result["peer_ties_per_member"].numerator, result["peer_ties_per_member"].denominator) == (8, 6)
    assert result["peer_ties_per_member"].value == pytest.approx(1.33)
    # f meets the others only through the professional: the largest group is {a, b, c} -> 3 / 6
    assert (result["largest_group"].value, result["largest_group"].numerator) == (50.0, 3)
    # new ties: ab, ac, bc in January; de is not new -> 3 over the period's length in months
    months = (END - START).days / (365.2425 / 12)
    assert result["new_ties_per_month"].numerator == 3
    assert result["new_ties_per_month"].value == pytest.approx(3 / months, abs=0.01)


def test_concentration_needs_ten_contributing_members(community):
    members = [make_member(community) for _ in range(10)]
    service = make_service(community)
    record(community, service, [(members[0], "took_part", 100)], kind="shift", when=day(1))
    for m in members[1:9]:
        record(community, service, [(m, "took_part", 10)], kind="shift", when=day(2))
    # nine contributing members: "the top 10 %" would be less than one person
    assert figures(community)["top_decile_share"].value is None
    record(community, service, [(members[9], "took_part", 10)], kind="shift", when=day(3))
    # ten members: the busiest one gave 100 of 100 + 9 * 10 = 190 minutes -> 52.63 %
    result = figures(community)["top_decile_share"]
    assert (result.numerator, result.denominator) == (100, 190)
    assert result.value == pytest.approx(52.63)


def test_blurring_roles_and_catalysts(community):
    pro = make_member(community, kind=PRO)
    a, b, c, d = (make_member(community) for _ in range(4))
    service = make_service(community)
    record(community, service, [(a, "took_part", 60), (pro, "took_part", 60)], kind="shift", when=day(1))  # mixed
    exchange(community, service, b, c, minutes=30, when=day(2))  # citizens only
    exchange(community, service, pro, d, minutes=90, when=day(3))  # d only receives: not a mixed crew
    record(
        community,
        service,
        [(a, "decided", 120), (pro, "facilitated", 60)],
        phase="design",
        kind="workshop",
        when=day(4),
    )
    record(community, service, [(pro, "decided", 60)], phase="commission", kind="meeting", when=day(5))
    record(
        community, service, [(a, "took_part", 45), (pro, "took_part", 45)], phase="assess", kind="survey", when=day(6)
    )
    # when
    f = figures(community)
    # then delivery minutes: citizens 60 + 30 = 90, professionals 60 + 90 = 150 -> 90 / 240 = 37.5 %
    assert (f["citizen_delivery_share"].value, f["citizen_delivery_share"].denominator) == (37.5, 240)
    # planning (commission + design): citizens 120, professionals 60 + 60 -> 120 / 240 = 50 %
    assert (f["citizen_planning_share"].value, f["citizen_planning_share"].numerator) == (50.0, 120)
    # mixed crews: 1 of 3 deliver-phase activities
    assert (f["mixed_crews"].numerator, f["mixed_crews"].denominator) == (1, 3)
    # professional facilitating 60 of (facilitating 60 + took part in delivery 60 + gave 90) = 28.57 %
    assert (f["professional_facilitation"].numerator, f["professional_facilitation"].denominator) == (60, 210)
    assert f["professional_facilitation"].value == pytest.approx(28.57)
    # citizen minutes 60 + 30 + 120 + 45 = 255 per professional minute 60 + 90 + 60 + 60 + 45 = 315 -> 0.81
    lever = f["citizen_minutes_per_professional_minute"]
    assert (lever.numerator, lever.denominator, lever.value) == (255, 315, 0.81)


def test_only_professionals(community):
    p1, p2 = make_member(community, kind=PRO), make_member(community, kind=PRO)
    record(
        community, make_service(community), [(p1, "facilitated", 30), (p2, "took_part", 90)], kind="shift", when=day(1)
    )
    f = figures(community)
    # no citizen: delivery share is a true 0 %, citizen-only figures have no data
    assert f["citizen_delivery_share"].value == 0.0
    assert f["mixed_crews"].value == 0.0
    assert f["peer_ties_per_member"].value is None
    assert f["largest_group"].value is None
    assert f["citizen_minutes_per_professional_minute"].value == 0.0
    assert f["professional_facilitation"].value == 25.0  # 30 of 30 + 90


def test_one_member(community):
    only = make_member(community)
    record(community, make_service(community), [(only, "took_part", 60)], kind="shift", when=day(1))
    f = figures(community)
    assert f["peer_ties_per_member"].value == 0.0  # no one to meet
    assert (f["largest_group"].value, f["largest_group"].numerator) == (100.0, 1)  # a group of one
    assert f["top_decile_share"].value is None
    assert f["citizen_delivery_share"].value == 100.0
    assert f["professional_facilitation"].value is None
    assert f["citizen_minutes_per_professional_minute"].value is None


def test_service_scope_and_other_communities_do_not_leak(community, other_community):
    a, b = make_member(community), make_member(community)
    timebank, garden = make_service(community), make_service(community)
    exchange(community, timebank, a, b, when=day(1))
    exchange(community, garden, b, a, when=day(2))
    x, y = make_member(other_community), make_member(other_community)
    exchange(other_community, make_service(other_community), x, y, when=day(1))
    # within the time bank only a gave: members in scope are its participants a and b
    f = figures(community, service=timebank)
    assert (f["members_who_gave"].numerator, f["members_who_gave"].denominator) == (1, 2)
    assert f["two_way_pairs"].value == 0.0
    # across the community the pair helped both ways; the other community's exchange is not counted
    f = figures(community)
    assert (f["two_way_pairs"].value, f["two_way_pairs"].denominator) == (100.0, 1)


def test_refuses_a_backwards_period_and_a_service_of_another_community(community, other_community):
    from coproduce.core.errors import DomainError, NotFound
    from coproduce.insights.selectors import ERR_PERIOD

    with pytest.raises(DomainError) as error:
        principle_indicators(community=community, start=END, end=START)
    assert error.value.message == ERR_PERIOD
    with pytest.raises(NotFound):
        principle_indicators(community=community, service=make_service(other_community), start=START, end=END)


def test_members_who_joined_after_the_period_are_not_counted(community):
    _early, late = make_member(community), make_member(community)
    backdate_members(community)
    Membership.objects.filter(pk=late.pk).update(joined_at=END)
    result = principle_indicators(community=community, start=START, end=END)
    assert {i.code: i for items in result.values() for i in items}["members_with_assets"].denominator == 1
