from django.contrib.auth.backends import BaseBackend
from django.utils import timezone

from coproduce.communities.models import PersonalAccessToken, User


def user_for_token(raw: str) -> User | None:
    """The user a personal access token belongs to, if it is live; records when it was last used."""
    if not raw or not raw.startswith("cpt_"):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=PersonalAccessToken.hash(raw), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at and token.expires_at < now) or not token.user.is_active:
        return None
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class PersonalAccessTokenBackend(BaseBackend):
    def authenticate(self, request, token: str | None = None, **kwargs):
        return user_for_token(token or "")

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()


def axes_username(request, credentials: dict | None = None) -> str | None:
    """The email a sign-in attempt was for, however it reached authenticate().

    allauth calls authenticate(email=...) while its form field is named `login`; lock-outs must count both
    the same way, case-insensitively, so "Ann@x" and "ann@x" share one counter.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login")
    return str(value).strip().lower() if value else None
