"""Ledger pages: statements for their holder and coordinators only; coordinator tools refuse everyone else."""

import pytest
from django.urls import reverse

from coproduce.ledger.models import Transfer
from coproduce.ledger.selectors import account_for_membership


@pytest.fixture
def signed_in(client):
    def as_member(membership):
        client.force_login(membership.user)
        return client

    return as_member


def test_my_hours_opens_the_account_and_shows_the_statement(signed_in, community, member, exchange):
    client = signed_in(member)
    response = client.get(reverse("ledger:home", args=[community.slug]), follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fixed a bike" in body
    assert "−1 h 30 min" in body
    assert "Olu Other" in body


def test_statement_of_someone_else_is_not_found(signed_in, community, member, other_member, accounts):
    _mine, theirs, _fund = accounts
    response = signed_in(member).get(reverse("ledger:statement", args=[community.slug, theirs.pk]))
    assert response.status_code == 404


def test_coordinator_reads_any_statement(signed_in, community, coordinator, accounts, exchange):
    _mine, theirs, _fund = accounts
    response = signed_in(coordinator).get(reverse("ledger:statement", args=[community.slug, theirs.pk]))
    assert response.status_code == 200
    assert "+1 h 30 min" in response.content.decode()


def test_statement_pages_by_keyset(signed_in, community, member, coordinator, accounts):
    from coproduce.ledger import services

    mine, _theirs, fund = accounts
    for n in range(55):
        services.transfer_create(
            actor=coordinator,
            community=community,
            from_account=fund,
            to_account=mine,
            minutes=1,
            kind="grant",
            idempotency_key=f"page-{n}",
            memo=f"grant {n}",
        )
    client = signed_in(member)
    first = client.get(reverse("ledger:statement", args=[community.slug, mine.pk]))
    assert first.context["page"].next_before is not None
    assert "grant 54" in first.content.decode()
    older = client.get(
        reverse("ledger:statement", args=[community.slug, mine.pk]), {"before": first.context["page"].next_before}
    )
    body = older.content.decode()
    assert "grant 4<" in body
    assert "grant 54" not in body
    assert older.context["page"].next_before is None


def test_csv_download_lists_every_entry_oldest_first(signed_in, community, member, accounts, exchange):
    mine, _theirs, _fund = accounts
    response = signed_in(member).get(reverse("ledger:statement_csv", args=[community.slug, mine.pk]))
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Date,Transfer")
    assert lines[1].endswith(",Repairs,Fixed a bike,-90,-90")


def test_pdf_download(signed_in, community, member, accounts, exchange):
    mine, _theirs, _fund = accounts
    response = signed_in(member).get(reverse("ledger:statement_pdf", args=[community.slug, mine.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["coordinate", "flagged", "transfers", "fund_grant"])
def test_coordinator_pages_refuse_members(signed_in, community, member, name):
    assert signed_in(member).get(reverse(f"ledger:{name}", args=[community.slug])).status_code == 404


@pytest.mark.parametrize("name", ["coordinate", "flagged", "transfers", "fund_grant"])
def test_coordinator_pages_render(signed_in, community, coordinator, exchange, name):
    assert signed_in(coordinator).get(reverse(f"ledger:{name}", args=[community.slug])).status_code == 200


def test_grant_from_fund_posts_once_even_if_submitted_twice(signed_in, community, coordinator, member, accounts):
    mine, _theirs, _fund = accounts
    client = signed_in(coordinator)
    url = reverse("ledger:fund_grant", args=[community.slug])
    data = {
        "account": mine.pk,
        "direction": "to_account",
        "minutes": 120,
        "memo": "Help after surgery",
        "idempotency_key": "form-1",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    mine.refresh_from_db()
    assert mine.balance == 120
    assert Transfer.objects.filter(kind="grant").count() == 1


def test_grant_form_shows_the_limit_refusal(signed_in, community, coordinator, accounts):
    mine, _theirs, _fund = accounts
    response = signed_in(coordinator).post(
        reverse("ledger:fund_grant", args=[community.slug]),
        {
            "account": mine.pk,
            "direction": "to_fund",
            "minutes": 13 * 60,
            "memo": "Too much",
            "idempotency_key": "f2",
        },
    )
    assert response.status_code == 200
    assert "below the lowest balance allowed" in response.content.decode()
    assert Transfer.objects.count() == 0


def test_reverse_page(signed_in, community, coordinator, exchange):
    client = signed_in(coordinator)
    url = reverse("ledger:reverse", args=[community.slug, exchange.pk])
    assert client.post(url, {"reason": "", "idempotency_key": "r"}).status_code == 200
    assert client.post(url, {"reason": "Entered by mistake", "idempotency_key": "r"}).status_code == 302
    assert Transfer.objects.get(reverses=exchange).memo == "Entered by mistake"
    assert "already been reversed" in client.get(url).content.decode()


def test_limits_page_saves_and_lifts_limits(signed_in, community, coordinator, member, accounts):
    mine, _theirs, _fund = accounts
    url = reverse("ledger:limits", args=[community.slug, mine.pk])
    client = signed_in(coordinator)
    response = client.post(url, {"floor": "-600", "soft_floor": "-300", "soft_ceiling": "", "ceiling": ""})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.floor, mine.soft_floor, mine.soft_ceiling, mine.ceiling) == (-600, -300, None, None)
    refused = client.post(url, {"floor": "-600", "soft_floor": "-700", "soft_ceiling": "", "ceiling": ""})
    assert "must not be below the lowest balance" in refused.content.decode()


def test_flag_clear(signed_in, community, coordinator, member, accounts):
    from coproduce.ledger import services

    mine, theirs, _fund = accounts
    services.transfer_create(
        actor=member,
        community=community,
        from_account=mine,
        to_account=theirs,
        minutes=9 * 60,
        kind="exchange",
        idempotency_key="deep",
    )
    client = signed_in(coordinator)
    assert "member account" in client.get(reverse("ledger:flagged", args=[community.slug])).content.decode()
    client.post(reverse("ledger:flag_clear", args=[community.slug, mine.pk]))
    mine.refresh_from_db()
    assert mine.flagged_at is None


def test_navigation_offers_my_hours(signed_in, community, member):
    response = signed_in(member).get(reverse("communities:dashboard", args=[community.slug]))
    assert reverse("ledger:home", args=[community.slug]) in response.content.decode()
    assert account_for_membership  # the account is opened lazily, on the first visit
