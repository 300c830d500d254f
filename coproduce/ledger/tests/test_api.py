"""The ledger API: same rules as the services, idempotent writes, 404 for anything not yours."""

import pytest

from coproduce.communities.services import token_create
from coproduce.ledger.models import Transfer

BASE = "/api/v1/communities/riverside/ledger"


@pytest.fixture
def api(client):
    def as_member(membership):
        _token, raw = token_create(user=membership.user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_member


def test_member_pays_with_idempotency_header_and_a_retry_returns_the_original(api, member, accounts):
    mine, theirs, _fund = accounts
    client = api(member)
    body = {"from_account": mine.pk, "to_account": theirs.pk, "minutes": 45, "memo": "Shopping"}
    first = client.post(f"{BASE}/transfers", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")
    again = client.post(f"{BASE}/transfers", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["replayed"] is True
    assert Transfer.objects.count() == 1
    assert client.get(f"{BASE}/accounts/{mine.pk}/balance").json()["balance"] == -45


def test_same_key_for_other_hours_is_refused(api, member, accounts):
    mine, theirs, _fund = accounts
    client = api(member)
    client.post(
        f"{BASE}/transfers",
        {"from_account": mine.pk, "to_account": theirs.pk, "minutes": 45, "idempotency_key": "k"},
        content_type="application/json",
    )
    response = client.post(
        f"{BASE}/transfers",
        {"from_account": mine.pk, "to_account": theirs.pk, "minutes": 50, "idempotency_key": "k"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "idempotency_key"


def test_missing_key_zero_minutes_and_someone_elses_account(api, member, accounts):
    mine, theirs, _fund = accounts
    client = api(member)
    no_key = client.post(
        f"{BASE}/transfers",
        {"from_account": mine.pk, "to_account": theirs.pk, "minutes": 5},
        content_type="application/json",
    )
    assert (no_key.status_code, no_key.json()["field"]) == (400, "idempotency_key")
    zero = client.post(
        f"{BASE}/transfers",
        {"from_account": mine.pk, "to_account": theirs.pk, "minutes": 0, "idempotency_key": "z"},
        content_type="application/json",
    )
    assert (zero.status_code, zero.json()["field"]) == (400, "minutes")
    stolen = client.post(
        f"{BASE}/transfers",
        {"from_account": theirs.pk, "to_account": mine.pk, "minutes": 5, "idempotency_key": "s"},
        content_type="application/json",
    )
    assert stolen.status_code == 404
    assert client.get(f"{BASE}/accounts/{theirs.pk}/statement").status_code == 404
    assert Transfer.objects.count() == 0


def test_statement_pages(api, member, accounts, exchange):
    mine, theirs, _fund = accounts
    data = api(member).get(f"{BASE}/accounts/{mine.pk}/statement", {"limit": 1}).json()
    assert data["account"]["balance"] == -90
    assert [(e["amount"], e["balance_after"], e["counterparty_account_id"]) for e in data["entries"]] == [
        (-90, -90, theirs.pk)
    ]
    assert data["next_before"] is None


def test_member_sees_only_their_own_account(api, member, accounts):
    mine, _theirs, _fund = accounts
    listed = api(member).get(f"{BASE}/accounts").json()
    assert [a["id"] for a in listed] == [mine.pk]


def test_coordinator_reverses_and_sets_limits(api, coordinator, accounts, exchange):
    mine, _theirs, _fund = accounts
    client = api(coordinator)
    response = client.post(
        f"{BASE}/transfers/{exchange.pk}/reverse",
        {"reason": "Duplicate"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="rev",
    )
    assert response.status_code == 201
    assert response.json()["reverses_id"] == exchange.pk
    limits = client.patch(
        f"{BASE}/accounts/{mine.pk}/limits",
        {"floor": -60, "soft_floor": -30, "remove": ["ceiling"]},
        content_type="application/json",
    )
    assert (limits.json()["floor"], limits.json()["ceiling"]) == (-60, None)


def test_members_cannot_reverse_or_see_other_communities(api, member, outsider, exchange):
    assert (
        api(member)
        .post(
            f"{BASE}/transfers/{exchange.pk}/reverse",
            {"reason": "x"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="r",
        )
        .status_code
        == 404
    )
    assert api(outsider).get(f"{BASE}/accounts/me").status_code == 404
