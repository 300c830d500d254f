import datetime as dt

import pytest
from django.utils import timezone

from coproduce.communities.models import Membership
from coproduce.communities.services import token_create
from coproduce.ledger.models import Transfer
from coproduce.timebank import services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import brokered_member

BASE = "/api/v1/communities/{slug}/timebank"


def _auth(membership: Membership) -> dict:
    _token, raw = token_create(user=membership.user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _url(community, path: str) -> str:
    return BASE.format(slug=community.slug) + path


@pytest.mark.django_db
def test_search_listings(client, community, member, offer, request_listing):
    response = client.get(_url(community, "/listings"), {"q": "weeding"}, **_auth(member))

    assert response.status_code == 200
    assert [item["title"] for item in response.json()] == [offer.title]
    assert response.json()[0]["tags"] == ["garden", "outdoors"]
    assert client.get(_url(community, "/listings"), {"q": '")(*'}, **_auth(member)).status_code == 200


@pytest.mark.django_db
def test_post_a_listing_and_get_a_field_error(client, community, member, category):
    auth = _auth(member)
    bad = client.post(
        _url(community, "/listings"),
        {"kind": "swap", "category_id": category.pk, "title": "x"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "kind"

    good = client.post(
        _url(community, "/listings"),
        {"kind": "offer", "category_id": category.pk, "title": "Bikes", "tags": ["Bikes", "repairs"]},
        content_type="application/json",
        **auth,
    )
    assert good.status_code == 201
    assert good.json()["tags"] == ["bikes", "repairs"]


@pytest.mark.django_db
def test_the_whole_exchange_over_the_api(client, community, offer, member, other_member):
    olu, mo = _auth(other_member), _auth(member)
    created = client.post(
        _url(community, f"/listings/{offer.pk}/responses"), {"message": "Hi"}, content_type="application/json", **olu
    )
    assert created.status_code == 201
    exchange_id = created.json()["id"]
    assert created.json()["next_steps"] == ["cancel"]

    def step(name, auth, body=None):
        return client.post(
            _url(community, f"/exchanges/{exchange_id}/{name}"), body or {}, content_type="application/json", **auth
        )

    assert step("accept", olu).status_code == 400  # not the responder's step
    assert step("accept", mo).json()["status"] == "accepted"
    when = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert step("arrange", olu, {"scheduled_for": when}).json()["status"] == "arranged"
    assert step("record", mo, {"minutes": 0}).json()["field"] == "minutes"
    assert step("record", mo, {"minutes": 45, "comment": "Done"}).json()["status"] == "recorded"
    confirmed = step("confirm", olu)
    assert confirmed.json()["status"] == "confirmed"
    assert Transfer.objects.get(pk=confirmed.json()["transfer_id"]).minutes == 45
    again = step("confirm", olu)
    assert again.status_code == 400
    assert again.json()["detail"] == str(services.ERR_ALREADY_CONFIRMED)
    mine = client.get(_url(community, "/exchanges"), **mo).json()
    assert [e["id"] for e in mine] == [exchange_id]


@pytest.mark.django_db
def test_minutes_that_are_not_whole_numbers_are_rejected(client, community, proposed, member, other_member):
    services.exchange_accept(actor=member, community=community, exchange_id=proposed.pk)
    response = client.post(
        _url(community, f"/exchanges/{proposed.pk}/record"),
        {"minutes": 1.5},
        content_type="application/json",
        **_auth(member),
    )
    assert response.status_code in (400, 422)
    proposed.refresh_from_db()
    assert proposed.status == Exchange.Status.ACCEPTED


@pytest.mark.django_db
def test_absurd_ids_are_not_found_rather_than_errors(client, community, member, category):
    auth = _auth(member)
    huge = 10**30
    assert client.get(_url(community, f"/exchanges/{huge}"), **auth).status_code == 404
    assert client.get(_url(community, f"/listings/{huge}"), **auth).status_code == 404
    assert client.get(_url(community, "/listings"), {"category_id": huge}, **auth).status_code == 404
    created = client.post(
        _url(community, "/listings"),
        {"kind": "offer", "category_id": huge, "title": "x"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 400
    assert created.json()["field"] == "category"


@pytest.mark.django_db
def test_other_communities_cannot_see_or_touch_exchanges(client, community, proposed, outsider):
    auth = _auth(outsider)
    assert client.get(_url(community, f"/exchanges/{proposed.pk}"), **auth).status_code == 404
    assert client.post(_url(community, f"/exchanges/{proposed.pk}/accept"), **auth).status_code == 404
    other = _url(outsider.community, f"/exchanges/{proposed.pk}")
    assert client.get(other, **auth).status_code == 404


@pytest.mark.django_db
def test_coordinator_endpoints(client, community, coordinator, member, other_member, category):
    auth = _auth(coordinator)
    bea = brokered_member(community)
    brokered = client.post(
        _url(community, "/exchanges/brokered"),
        {
            "category_id": category.pk,
            "title": "Shopping",
            "minutes": 60,
            "provider_id": member.pk,
            "receiver_id": bea.pk,
            "idempotency_key": "b1",
        },
        content_type="application/json",
        **auth,
    )
    assert brokered.status_code == 201
    assert brokered.json()["status"] == "confirmed"

    third = brokered_member(community, name="Cy Brokered")
    group = client.post(
        _url(community, "/group-exchanges"),
        {
            "mode": "many_to_one",
            "category_id": category.pk,
            "title": "Clear-up",
            "one_membership_id": bea.pk,
            "legs": [{"minutes": 30, "membership_id": member.pk}, {"minutes": 30, "membership_id": other_member.pk}],
            "idempotency_key": "g1",
        },
        content_type="application/json",
        **auth,
    )
    assert group.status_code == 201
    assert len(group.json()["exchanges"]) == 2
    assert third.pk

    assert (
        client.post(
            _url(community, "/fund/donations"),
            {"minutes": 60, "idempotency_key": "d"},
            content_type="application/json",
            **_auth(member),
        ).status_code
        == 201
    )
    allocation = client.post(
        _url(community, "/fund/allocations"),
        {"minutes": 30, "reason": "Help", "membership_id": other_member.pk},
        content_type="application/json",
        **auth,
    )
    assert allocation.status_code == 201
    assert client.get(_url(community, "/fund"), **auth).json()["balance"] == 30
    dashboard = client.get(_url(community, "/dashboard"), **auth)
    assert dashboard.status_code == 200
    assert client.get(_url(community, "/dashboard"), **_auth(member)).status_code == 404
    assert (
        client.post(
            _url(community, "/categories"), {"name": "Pets"}, content_type="application/json", **_auth(member)
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_preferences(client, community, member):
    auth = _auth(member)
    assert client.get(_url(community, "/preferences"), **auth).json() == {"weekly_digest": True}
    assert client.put(
        _url(community, "/preferences"), {"weekly_digest": False}, content_type="application/json", **auth
    ).json() == {"weekly_digest": False}


@pytest.mark.django_db
def test_a_coordinator_corrects_an_exchange_over_the_api(
    client, community, coordinator, proposed, member, other_member
):
    from coproduce.timebank.tests.conftest import advance

    exchange = advance(proposed, "confirmed", provider=member, receiver=other_member)
    path = _url(community, f"/exchanges/{exchange.pk}/corrections")
    body = {"minutes": 45, "reason": "It was shorter", "idempotency_key": "c1"}

    # members, even the people in it, get what they get for any coordinator endpoint
    for someone in (member, other_member):
        assert client.post(path, body, content_type="application/json", **_auth(someone)).status_code == 404
    refused = client.post(path, {**body, "reason": " "}, content_type="application/json", **_auth(coordinator))
    assert refused.status_code == 400
    assert Transfer.objects.count() == 1

    created = client.post(path, body, content_type="application/json", **_auth(coordinator))
    retried = client.post(path, body, content_type="application/json", **_auth(coordinator))

    assert created.status_code == 201
    assert retried.json() == created.json()
    assert created.json()["minutes_before"] == 90
    assert created.json()["minutes_after"] == 45
    assert Transfer.objects.count() == 3
    history = client.get(path, **_auth(other_member))
    assert [c["reason"] for c in history.json()] == ["It was shorter"]
    assert client.get(_url(community, f"/exchanges/{exchange.pk}"), **_auth(member)).json()["minutes"] == 45
