"""Shared pieces of the JSON API: authentication, error mapping and the community resolver."""

from django.http import Http404, HttpRequest
from ninja.security import HttpBearer, SessionAuth

from coproduce.communities.access import MEMBER, resolve_membership
from coproduce.communities.auth import user_for_token
from coproduce.communities.models import Community, Membership


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cpt_...` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionCsrfAuth(SessionAuth):
    """The signed-in browser session; state-changing calls need the CSRF token."""

    csrf = True


API_AUTH = [TokenAuth(), SessionCsrfAuth()]


def api_membership(request: HttpRequest, slug: str, level: str = MEMBER) -> tuple[Community, Membership]:
    """The community and the caller's membership in it, or 404 for both "missing" and "not yours"."""
    user = getattr(request, "auth", None) or request.user
    try:
        return resolve_membership(user=user, slug=slug, level=level)
    except Http404:
        raise Http404("Not found.") from None
