"""Resolving the community a request is about, and who the person is in it.

A community the person does not belong to looks exactly like one that does not exist (404).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest

from coproduce.communities.models import Community, Membership
from coproduce.communities.selectors import community_get, membership_for_user
from coproduce.core.errors import NotFound

MEMBER = "member"
COORDINATOR = "coordinator"
ADMIN = "admin"


def resolve_membership(*, user, slug: str, level: str = MEMBER) -> tuple[Community, Membership]:
    try:
        community = community_get(slug=slug)
    except NotFound:
        raise Http404 from None
    membership = membership_for_user(community=community, user=user)
    if membership is None or not membership.is_active:
        raise Http404
    if level == COORDINATOR and not membership.is_coordinator:
        raise Http404
    if level == ADMIN and not membership.is_admin:
        raise Http404
    return community, membership


def community_view(level: str = MEMBER) -> Callable:
    """Decorate a view taking `slug`: sets request.community and request.membership, or answers 404."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.community, request.membership = resolve_membership(user=request.user, slug=slug, level=level)  # type: ignore[attr-defined]
            if request.session.get("community_slug") != slug:
                request.session["community_slug"] = slug
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                # A selector's "not found or not yours" is a plain 404 for the browser.
                raise Http404 from None

        return wrapper

    return decorator
