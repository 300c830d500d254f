import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from coproduce.communities.models import User
from coproduce.core.testing import make_user

PASSWORD = "a-long-pass-phrase"


def verified_user(email="ann@example.org"):
    user = make_user(name="Ann", email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.mark.django_db
def test_sign_in_page_uses_our_layout_and_plain_labels(client):
    response = client.get(reverse("account_login"))
    text = response.text
    assert response.status_code == 200
    assert 'class="site-header"' in text
    assert '<label class="label" for="id_login">Email</label>' in text
    assert '<label class="label" for="id_password">Password</label>' in text
    assert ">Sign in</button>" in text
    assert "placeholder" not in text


@pytest.mark.django_db
def test_sign_up_page_asks_for_a_name_and_creates_the_account(client, mailoutbox):
    page = client.get(reverse("account_signup"))
    assert ">Create account</button>" in page.text
    assert "Confirm password" in page.text

    response = client.post(reverse("account_signup"), {
        "name": "Bea Newcomer", "email": "bea@example.org", "password1": PASSWORD, "password2": PASSWORD,
    })

    assert response.status_code == 302
    user = User.objects.get(email="bea@example.org")
    assert user.name == "Bea Newcomer"
    assert any("bea@example.org" in m.to for m in mailoutbox)


@pytest.mark.django_db
def test_sign_up_errors_use_the_error_summary(client):
    response = client.post(reverse("account_signup"), {"name": "", "email": "not-an-email", "password1": "x", "password2": "y"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter your name." in response.text
    assert not User.objects.filter(name="").exists()


@pytest.mark.django_db
def test_sign_in_with_email_and_password(client):
    verified_user()
    response = client.post(reverse("account_login"), {"login": "ann@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out_with_our_page(client):
    verified_user()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("account_login"), {"login": "ann@example.org", "password": "wrong-password"})
        assert response.status_code == 200

    locked = client.post(reverse("account_login"), {"login": "ANN@example.org", "password": "wrong-password"})

    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.text
    assert 'class="site-header"' in locked.text
    # Even the right password is refused while locked out.
    again = client.post(reverse("account_login"), {"login": "ann@example.org", "password": PASSWORD})
    assert again.status_code == 429
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_a_few_wrong_passwords_do_not_lock_out(client):
    verified_user()
    client.post(reverse("account_login"), {"login": "ann@example.org", "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": "ann@example.org", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index", "communities:tokens"])
def test_account_pages_render_in_our_layout_with_account_navigation(client, name):
    client.force_login(verified_user())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert reverse("communities:tokens") in response.text
    assert reverse("mfa_index") in response.text


@pytest.mark.django_db
def test_two_factor_page_offers_an_authenticator_app(client):
    client.force_login(verified_user())
    response = client.get(reverse("mfa_index"))
    assert reverse("mfa_activate_totp") in response.text


@pytest.mark.django_db
def test_turning_on_an_authenticator_app_shows_the_secret_and_asks_for_a_code(client):
    client.force_login(verified_user())
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert 'for="authenticator_secret"' in response.text
    assert 'name="code"' in response.text
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "There is a problem" in wrong.text
