import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.communities.models import Organisation
from coproduce.ledger.models import Transfer
from coproduce.timebank import services
from coproduce.timebank.models import Category, Exchange, GroupExchange, Listing
from coproduce.timebank.tests.conftest import advance, brokered_member


def url(name, community, *args):
    return reverse(f"timebank:{name}", args=[community.slug, *args])


@pytest.fixture
def as_member(client, member):
    client.force_login(member.user)
    return client


@pytest.mark.django_db
def test_browse_and_search_listings(as_member, community, offer, request_listing):
    page = as_member.get(url("listings", community))
    assert page.status_code == 200
    assert offer.title in page.text
    assert request_listing.title in page.text

    found = as_member.get(url("listings", community), {"q": "weeding"})
    assert offer.title in found.text
    assert request_listing.title not in found.text

    odd = as_member.get(url("listings", community), {"q": '"NEAR( *', "category": "not-a-number", "kind": "nonsense"})
    assert odd.status_code == 200


@pytest.mark.django_db
def test_post_a_listing_and_see_errors_beside_the_fields(as_member, community, category):
    bad = as_member.post(
        url("listing_create", community),
        {"kind": "offer", "category": category.pk, "title": "", "expires_on": "2000-01-01"},
    )
    assert bad.status_code == 200
    assert "There is a problem" in bad.text
    assert not Listing.objects.exists()

    good = as_member.post(
        url("listing_create", community),
        {"kind": "offer", "category": category.pk, "title": "Bike repairs", "tags": "bikes"},
    )
    listing = Listing.objects.get()
    assert good.status_code == 302
    assert good.url == url("listing_detail", community, listing.pk)


@pytest.mark.django_db
def test_edit_and_withdraw_a_listing(as_member, community, offer, category):
    form = as_member.get(url("listing_edit", community, offer.pk))
    assert form.status_code == 200
    as_member.post(
        url("listing_edit", community, offer.pk), {"kind": "offer", "category": category.pk, "title": "Garden help"}
    )
    assert as_member.get(url("listing_withdraw", community, offer.pk)).status_code == 200
    as_member.post(url("listing_withdraw", community, offer.pk))
    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("Garden help", "withdrawn")


@pytest.mark.django_db
def test_someone_elses_listing_cannot_be_edited(client, community, offer, other_member):
    client.force_login(other_member.user)
    response = client.post(
        url("listing_edit", community, offer.pk), {"kind": "offer", "category": offer.category_id, "title": "Mine"}
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.title == "Help with gardening"


@pytest.mark.django_db
def test_the_whole_exchange_through_the_pages(client, community, offer, member, other_member):
    client.force_login(other_member.user)
    response = client.post(url("listing_respond", community, offer.pk), {"message": "Saturday?"})
    exchange = Exchange.objects.get()
    assert response.url == url("exchange_detail", community, exchange.pk)

    client.force_login(member.user)
    page = client.get(url("exchange_detail", community, exchange.pk))
    assert "Accept" in page.text
    client.post(url("exchange_step", community, exchange.pk, "accept"))
    client.post(
        url("exchange_step", community, exchange.pk, "record"),
        {
            "record-hours": "1",
            "record-minutes": "30",
            "record-occurred_on": timezone.localdate().isoformat(),
            "record-comment": "Two beds",
        },
    )
    exchange.refresh_from_db()
    assert (exchange.status, exchange.minutes) == ("recorded", 90)

    client.force_login(other_member.user)
    assert "Confirm the hours" in client.get(url("exchange_detail", community, exchange.pk)).text
    client.post(url("exchange_step", community, exchange.pk, "confirm"))
    exchange.refresh_from_db()
    assert exchange.status == "confirmed"
    assert Transfer.objects.get().minutes == 90
    mine = client.get(url("my_exchanges", community)).text
    assert "Confirmed" in mine
    assert "/ledger/accounts/" in mine  # the statement lives in the ledger


@pytest.mark.django_db
def test_a_refused_step_is_shown_on_the_page_and_changes_nothing(client, community, proposed, member, other_member):
    advance(proposed, "accepted", provider=member, receiver=other_member)
    client.force_login(member.user)

    response = client.post(
        url("exchange_step", community, proposed.pk, "record"),
        {"record-hours": "0", "record-minutes": "0", "record-occurred_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 200
    assert re.escape(str(services.ERR_MINUTES))[:30].replace("\\", "") in response.text
    proposed.refresh_from_db()
    assert proposed.status == "accepted"


@pytest.mark.django_db
def test_exchanges_of_others_are_not_found(client, community, proposed):
    from coproduce.core.testing import make_member

    stranger = make_member(community)
    client.force_login(stranger.user)
    assert client.get(url("exchange_detail", community, proposed.pk)).status_code == 404
    assert client.post(url("exchange_step", community, proposed.pk, "accept")).status_code == 404
    assert client.post(url("exchange_step", community, proposed.pk, "nonsense")).status_code == 404


@pytest.mark.django_db
def test_coordinator_pages_are_not_found_for_members(as_member, community):
    for name in ("dashboard", "record_brokered", "group_exchange", "categories", "import"):
        assert as_member.get(url(name, community)).status_code == 404


@pytest.mark.django_db
def test_coordinator_dashboard_shows_the_queues(client, community, coordinator, recorded, other_member):
    services.exchange_dispute(actor=other_member, community=community, exchange_id=recorded.pk, reason="Too long")
    client.force_login(coordinator.user)

    page = client.get(url("dashboard", community))

    assert page.status_code == 200
    assert "Too long" in page.text
    assert "Members with no listings" in page.text
    assert "No exchange has been corrected." in page.text


@pytest.mark.django_db
def test_coordinator_dashboard_lists_corrections(client, community, coordinator, proposed, member, other_member):
    confirmed = advance(proposed, "confirmed", provider=member, receiver=other_member)
    services.exchange_correct(
        actor=coordinator, community=community, exchange_id=confirmed.pk, minutes=0, reason="Olu was away that week"
    )
    client.force_login(coordinator.user)

    page = client.get(url("dashboard", community))

    assert page.status_code == 200
    assert "Olu was away that week" in page.text
    assert "did not happen" in page.text
    assert url("exchange_detail", community, confirmed.pk) in page.text


@pytest.mark.django_db
def test_coordinator_records_for_an_offline_member_and_a_double_submit_posts_once(
    client, community, coordinator, member, category
):
    bea = brokered_member(community)
    client.force_login(coordinator.user)
    form = client.get(url("record_brokered", community))
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form.text).group(1)
    data = {
        "provider": f"m:{member.pk}",
        "receiver": f"m:{bea.pk}",
        "category": category.pk,
        "title": "Shopping",
        "hours": "2",
        "minutes": "0",
        "occurred_on": timezone.localdate().isoformat(),
        "idempotency_key": key,
    }

    client.post(url("record_brokered", community), data)
    client.post(url("record_brokered", community), data)

    assert Exchange.objects.filter(status="confirmed").count() == 1
    assert Transfer.objects.get().minutes == 120


@pytest.mark.django_db
def test_group_exchange_form(client, community, coordinator, member, other_member, category):
    from coproduce.core.testing import make_member

    third = make_member(community)
    client.force_login(coordinator.user)
    assert client.get(url("group_exchange", community)).status_code == 200

    client.post(
        url("group_exchange", community),
        {
            "mode": "one_to_many",
            "one": f"m:{member.pk}",
            "many": [f"m:{other_member.pk}", f"m:{third.pk}"],
            "category": category.pk,
            "title": "Workshop",
            "hours": "1",
            "minutes": "0",
            "occurred_on": timezone.localdate().isoformat(),
            "idempotency_key": "abc",
        },
    )

    assert GroupExchange.objects.get().exchanges.count() == 2


@pytest.mark.django_db
def test_categories_pages(client, community, coordinator, category):
    client.force_login(coordinator.user)
    assert client.get(url("categories", community)).status_code == 200
    client.post(url("categories", community), {"name": "Pets"})
    client.post(url("category_edit", community, category.pk), {"name": "Gardens", "is_archived": "on"})
    assert set(Category.objects.values_list("name", "is_archived")) == {("Pets", False), ("Gardens", True)}


@pytest.mark.django_db
def test_fund_donate_and_allocate(client, community, coordinator, member, other_member):
    client.force_login(member.user)
    assert client.get(url("fund", community)).status_code == 200
    client.post(
        url("fund_donate", community), {"donate-hours": "2", "donate-minutes": "0", "donate-idempotency_key": "k1"}
    )
    client.force_login(coordinator.user)
    response = client.post(
        url("fund_allocate", community),
        {
            "allocate-recipient": f"m:{other_member.pk}",
            "allocate-hours": "1",
            "allocate-minutes": "0",
            "allocate-reason": "Needs a hand",
            "allocate-idempotency_key": "k2",
        },
    )
    assert response.status_code == 302
    assert sorted(Transfer.objects.values_list("kind", "minutes")) == [("donation", 120), ("grant", 60)]
    client.force_login(member.user)
    assert client.post(url("fund_allocate", community), {}).status_code == 404


@pytest.mark.django_db
def test_email_settings(as_member, community, member):
    assert as_member.get(url("preferences", community)).status_code == 200
    as_member.post(url("preferences", community), {})
    from coproduce.timebank.selectors import preference_for

    assert preference_for(community=community, membership=member).weekly_digest is False


@pytest.mark.django_db
def test_import_page_shows_the_report(client, community, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator.user)
    upload = SimpleUploadedFile("members.csv", b"external_id,name\nA1,Ann\nA2,\n", content_type="text/csv")
    response = client.post(url("import", community), {"members": upload})
    assert response.status_code == 200
    assert "1 row was rejected" in response.text


@pytest.mark.django_db
def test_an_organisation_listing_posted_by_a_coordinator(client, community, coordinator, category):
    library = Organisation.objects.create(community=community, name="Library")
    client.force_login(coordinator.user)
    client.post(
        url("listing_create", community),
        {"kind": "request", "category": category.pk, "title": "Volunteers", "organisation": library.pk},
    )
    assert Listing.objects.get().organisation_id == library.pk


@pytest.mark.django_db
def test_pages_need_a_membership(client, community, outsider):
    client.force_login(outsider.user)
    assert client.get(url("listings", community)).status_code == 404
    client.logout()
    assert client.get(url("listings", community)).status_code == 302


@pytest.mark.django_db
def test_nav_has_time_bank_entries(as_member, community):
    page = as_member.get(reverse("communities:dashboard", args=[community.slug]))
    assert url("listings", community) in page.text
    assert url("dashboard", community) not in page.text


def test_unused_import_guard():
    assert dt.timedelta(days=1)


@pytest.mark.django_db
def test_pages_speak_spanish(as_member, community):
    page = as_member.get(url("listings", community), HTTP_ACCEPT_LANGUAGE="es")
    assert "Ofertas y peticiones" in page.text


@pytest.mark.django_db
def test_a_coordinator_corrects_a_confirmed_exchange(client, community, coordinator, proposed, member, other_member):
    exchange = advance(proposed, "confirmed", provider=member, receiver=other_member)
    client.force_login(coordinator.user)
    detail = client.get(url("exchange_detail", community, exchange.pk))
    assert url("exchange_correct", community, exchange.pk) in detail.text

    form = client.get(url("exchange_correct", community, exchange.pk))
    assert form.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form.text
    assert "Enter 0 hours and 0 minutes if the exchange did not happen." in form.text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form.text).group(1)

    # errors are listed at the top and beside the fields, and nothing changes
    refused = client.post(
        url("exchange_correct", community, exchange.pk),
        {"hours": "", "minutes": "30", "reason": "", "idempotency_key": key},
    )
    assert refused.status_code == 200
    assert "There is a problem" in refused.text
    assert "Say why the time is being corrected" in refused.text
    assert "0 and 0 if it did not happen" in refused.text
    same = client.post(
        url("exchange_correct", community, exchange.pk),
        {"hours": "1", "minutes": "30", "reason": "Checking", "idempotency_key": key},
    )
    assert "The exchange already shows that time" in same.text
    assert Transfer.objects.count() == 1

    data = {"hours": "1", "minutes": "0", "reason": "It was an hour", "idempotency_key": key}
    done = client.post(url("exchange_correct", community, exchange.pk), data)
    client.post(url("exchange_correct", community, exchange.pk), data)

    assert done.status_code == 302
    exchange.refresh_from_db()
    assert (exchange.status, exchange.minutes) == ("confirmed", 60)
    assert Transfer.objects.count() == 3
    page = client.get(url("exchange_detail", community, exchange.pk)).text
    assert "Corrections" in page
    assert "It was an hour" in page

    # the people in it see the history but are not offered the correction
    client.force_login(other_member.user)
    page = client.get(url("exchange_detail", community, exchange.pk)).text
    assert "It was an hour" in page
    assert url("exchange_correct", community, exchange.pk) not in page
    assert client.get(url("exchange_correct", community, exchange.pk)).status_code == 404
    assert client.post(url("exchange_correct", community, exchange.pk), data).status_code == 404


@pytest.mark.django_db
def test_correcting_to_nothing_shows_it_did_not_happen(client, community, coordinator, proposed, member, other_member):
    exchange = advance(proposed, "confirmed", provider=member, receiver=other_member)
    client.force_login(coordinator.user)

    client.post(
        url("exchange_correct", community, exchange.pk), {"hours": "0", "minutes": "0", "reason": "Never happened"}
    )

    page = client.get(url("exchange_detail", community, exchange.pk)).text
    assert "Corrected: it did not happen" in page
    assert "None: it did not happen" in page
    assert url("exchange_correct", community, exchange.pk) not in page


@pytest.mark.django_db
def test_correction_page_speaks_spanish(client, community, coordinator, proposed, member, other_member):
    exchange = advance(proposed, "confirmed", provider=member, receiver=other_member)
    client.force_login(coordinator.user)
    page = client.get(url("exchange_correct", community, exchange.pk), HTTP_ACCEPT_LANGUAGE="es")
    assert "Corregir el tiempo de un intercambio" in page.text
