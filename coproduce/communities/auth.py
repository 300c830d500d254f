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
