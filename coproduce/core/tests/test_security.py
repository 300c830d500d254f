import importlib

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from coproduce.communities.models import Membership


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_settings_turn_on_hsts_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    prod = importlib.import_module("config.settings.prod")
    importlib.reload(prod)
    assert prod.SECURE_HSTS_SECONDS >= 31536000
    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert prod.SESSION_COOKIE_SECURE is True
    assert prod.CSRF_COOKIE_SECURE is True
    assert prod.DEBUG is False


@pytest.mark.django_db
def test_hsts_header_is_sent_over_https_with_production_values(client):
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_api_docs_load_from_our_server_under_a_narrow_policy(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in response.text
    assert "cdn" not in response.text.lower()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "connect-src 'self'" in csp
    assert "https:" not in csp
    # Only the docs get the relaxed style policy.
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_forms_refuse_posts_without_the_csrf_token(member, community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)
    response = client.post(reverse("communities:my_profile", args=[community.slug]), {"name": "Changed"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    member.user.refresh_from_db()
    assert member.user.name == "Mo Member"


@pytest.mark.django_db
def test_missing_pages_use_our_layout_and_the_api_answers_json(client):
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode()
    assert 'class="site-header"' in page.content.decode()
    api = client.get("/api/v1/nothing-here")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_server_errors_use_our_page(rf):
    from coproduce.core.views import server_error

    response = server_error(rf.get("/c/x/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert server_error(rf.get("/api/v1/x")).status_code == 500


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["communities/user", "communities/community", "communities/membership",
                                   "communities/organisation", "communities/asset", "communities/check",
                                   "communities/personalaccesstoken", "coproduction/service", "coproduction/activity",
                                   "audit/auditevent"])
def test_platform_staff_can_use_the_admin_for_every_foundation_model(admin_client, member, model):
    app, name = model.split("/")
    assert admin_client.get(f"/admin/{app}/{name}/").status_code == 200
    assert admin_client.get(f"/admin/{app}/{name}/?q=mo").status_code == 200


@pytest.mark.django_db
def test_admin_change_page_for_a_membership(admin_client, member):
    assert admin_client.get(f"/admin/communities/membership/{member.pk}/change/").status_code == 200
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_openapi_document_is_valid_json_without_duplicate_keys(client):
    import json

    def no_duplicates(pairs):
        keys = [k for k, _v in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    response = client.get("/api/v1/openapi.json")
    document = json.loads(response.content, object_pairs_hook=no_duplicates)
    operation = document["paths"]["/api/v1/communities/{slug}/members"]["get"]
    assert {"200", "401", "404", "422"} <= set(operation["responses"])
