import pytest
from django.utils import timezone

from coproduce.insights.tests.factories import exchange, make_service

BASE = "/api/v1/communities/{slug}/insights/{what}"


def get(client, community, what, query=""):
    return client.get(BASE.format(slug=community.slug, what=what) + query)


@pytest.mark.parametrize("what", ["indicators", "grid", "ladder", "network"])
def test_members_read_insights(client, community, member, what):
    client.force_login(member.user)
    response = get(client, community, what, "?months=6")
    assert response.status_code == 200
    assert response.json()["period"]["label"] == "the last 6 months"


def test_indicators_shape(client, community, member, other_member):
    exchange(community, make_service(community), member, other_member, when=timezone.now())
    client.force_login(member.user)
    body = get(client, community, "indicators").json()
    assert [p["code"] for p in body["principles"]] == [
        "ASSETS",
        "CAPABILITIES",
        "MUTUALITY",
        "NETWORKS",
        "BLURRING_ROLES",
        "CATALYSTS",
    ]
    gave = next(i for p in body["principles"] for i in p["indicators"] if i["code"] == "gave_and_received")
    assert (gave["value"], gave["has_data"], gave["denominator"]) == (0.0, True, 2)


def test_grid_and_network(client, community, member, other_member):
    exchange(community, make_service(community), member, other_member, when=timezone.now())
    client.force_login(member.user)
    grid = get(client, community, "grid").json()
    assert grid["current"]["delivery_share"] == 100.0
    assert grid["current"]["cell"] is None  # no planning activity
    assert grid["thresholds"] == [10.0, 90.0]
    network = get(client, community, "network").json()
    assert (network["peer_ties"], network["help_pairs"]) == (1, 1)


def test_funder_report_for_coordinators_only(client, community, coordinator, member):
    client.force_login(member.user)
    assert get(client, community, "funder-report").status_code == 404
    client.force_login(coordinator.user)
    body = get(client, community, "funder-report").json()
    assert body["active_members"] == 0
    assert body["currency"] == community.currency


@pytest.mark.parametrize("what", ["indicators", "grid", "ladder", "network", "funder-report"])
def test_outsiders_get_not_found(client, community, outsider, what):
    client.force_login(outsider.user)
    assert get(client, community, what).status_code == 404


def test_anonymous_needs_to_sign_in(client, community):
    assert get(client, community, "indicators").status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?start=2025-03-01&end=2025-01-01", "end"),
        ("?start=2025-03-01", "end"),
        ("?months=5", "months"),
        ("?service_id=999999", "service_id"),
        ("?start=9999-12-25&end=9999-12-31", "start"),  # the previous period would fall off the calendar
        ("?start=2025-01-01&end=9999-12-31", "end"),
        ("?start=2000-01-01&end=2015-01-01", "start"),  # more than ten years
    ],
)
def test_bad_period_or_service_is_a_400_naming_the_field(client, community, member, query, field):
    client.force_login(member.user)
    response = get(client, community, "indicators", query)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_a_service_of_another_community_looks_like_a_missing_one(client, community, other_community, member):
    client.force_login(member.user)
    foreign = make_service(other_community)
    theirs = get(client, community, "grid", f"?service_id={foreign.pk}")
    missing = get(client, community, "grid", "?service_id=999999")
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json()["detail"].replace(str(foreign.pk), "N") == missing.json()["detail"].replace("999999", "N")
