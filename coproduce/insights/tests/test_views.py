import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.insights.forms import ERR_CUSTOM_DATES, ERR_DATES_ORDER
from coproduce.insights.models import InsightSnapshot
from coproduce.insights.tests.factories import exchange, make_service

PAGES = ("overview", "principles", "grid", "network")


def url(community, name, query=""):
    return reverse(f"insights:{name}", args=[community.slug]) + query


@pytest.mark.parametrize("name", PAGES)
def test_members_see_the_insights_pages_with_charts_and_tables(client, community, member, name):
    client.force_login(member.user)
    response = client.get(url(community, name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html or name == "network"  # the network page has no picture without activity
    assert "<table" in html
    assert "Figures last computed" not in html  # shown to coordinators only


def test_coordinator_sees_when_figures_were_computed_and_the_funder_report(client, community, coordinator):
    client.force_login(coordinator.user)
    html = client.get(url(community, "overview")).content.decode()
    assert "Figures last computed at" in html
    assert "Refresh now" in html
    assert client.get(url(community, "funder")).status_code == 200


@pytest.mark.parametrize("name", ["funder", "funder_csv", "funder_pdf"])
def test_funder_report_is_for_coordinators(client, community, member, name):
    client.force_login(member.user)
    assert client.get(url(community, name)).status_code == 404


@pytest.mark.parametrize("name", [*PAGES, "funder"])
def test_outsiders_get_not_found(client, community, outsider, name):
    client.force_login(outsider.user)
    assert client.get(url(community, name)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, community):
    response = client.get(url(community, "overview"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_period_and_service_choice(client, community, member, other_member):
    garden = make_service(community, "Garden")
    from django.utils import timezone

    exchange(community, garden, member, other_member, minutes=90, when=timezone.now())
    client.force_login(member.user)
    response = client.get(url(community, "overview", f"?period=3&service={garden.pk}"))
    assert response.status_code == 200
    snapshot = InsightSnapshot.objects.get(community=community, service=garden)
    assert snapshot.payload["funder"]["hours_given"] == 1.5
    assert "Garden" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?period=custom&start=2025-02-01", ERR_CUSTOM_DATES),
        ("?period=custom&start=2025-02-01&end=2025-01-01", ERR_DATES_ORDER),
    ],
)
def test_bad_custom_dates_are_explained_and_defaults_shown(client, community, member, query, message):
    client.force_login(member.user)
    response = client.get(url(community, "overview", query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert str(message) in html


def test_a_service_of_another_community_is_refused(client, community, other_community, member):
    foreign = make_service(other_community)
    client.force_login(member.user)
    response = client.get(url(community, "overview", f"?service={foreign.pk}"))
    assert "There is a problem" in response.content.decode()
    assert not InsightSnapshot.objects.filter(service=foreign).exists()


def test_coordinator_refreshes_now(client, community, coordinator):
    client.force_login(coordinator.user)
    client.get(url(community, "grid", "?period=6"))
    before = InsightSnapshot.objects.get(community=community)
    response = client.post(url(community, "refresh"), {"period": "6", "next": url(community, "grid", "?period=6")})
    assert response.status_code == 302
    assert response["Location"] == url(community, "grid", "?period=6")
    after = InsightSnapshot.objects.get(pk=before.pk)
    assert after.computed_at > before.computed_at
    assert AuditEvent.objects.filter(action="insights.refresh").count() == 1


def test_refresh_does_not_redirect_elsewhere(client, community, coordinator):
    client.force_login(coordinator.user)
    response = client.post(url(community, "refresh"), {"period": "6", "next": "https://example.com/"})
    assert response["Location"] == url(community, "overview")


def test_members_cannot_refresh(client, community, member):
    client.force_login(member.user)
    assert client.post(url(community, "refresh"), {"period": "6"}).status_code == 404
    assert not AuditEvent.objects.filter(action="insights.refresh").exists()


def test_insights_appear_in_the_community_navigation(client, community, member):
    client.force_login(member.user)
    html = client.get(reverse("communities:dashboard", args=[community.slug])).content.decode()
    assert url(community, "overview") in html


def test_pages_are_translated(client, community, member):
    client.force_login(member.user)
    html = client.get(url(community, "grid"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cambiar el periodo o el servicio" in html
    assert "Posición en la matriz de coproducción" in html  # chart titles too
