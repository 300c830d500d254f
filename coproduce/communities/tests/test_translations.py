import pytest
from django.urls import reverse

from coproduce.core.testing import make_user

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.mark.django_db
def test_join_flow_renders_in_spanish(client, community):
    client.force_login(make_user())
    response = client.get(reverse("communities:join", args=[community.slug]), **SPANISH)
    text = response.content.decode()
    assert '<html lang="es">' in text
    assert "Solicitar unirte" in text
    assert "¿Cómo participas?" in text
    assert "Enviar solicitud" in text
    assert "Cerrar sesión" in text

    refused = client.post(reverse("communities:join", args=[community.slug]), {"kind": ""}, **SPANISH)
    assert "Hay un problema" in refused.content.decode()
    assert "Indica si usas los servicios o trabajas en ellos." in refused.content.decode()


@pytest.mark.django_db
def test_community_navigation_renders_in_spanish(client, community, coordinator):
    client.force_login(coordinator.user)
    text = client.get(reverse("communities:dashboard", args=[community.slug]), **SPANISH).content.decode()
    for label in ("Resumen", "Miembros", "Mi perfil", "Servicios", "Solicitudes", "Saltar al contenido principal"):
        assert label in text, label


@pytest.mark.django_db
def test_sign_in_page_renders_in_spanish(client):
    text = client.get(reverse("account_login"), **SPANISH).content.decode()
    assert "Iniciar sesión" in text
    assert "Correo electrónico" in text
    assert "Contraseña" in text


@pytest.mark.django_db
def test_english_stays_the_default(client, community):
    text = client.get("/").content.decode()
    assert '<html lang="en">' in text
    assert "Skip to main content" in text
