from django.utils.functional import SimpleLazyObject


def _active_memberships(request) -> list:
    # Cached on the request: base.html asks for the switcher on every page, once per render.
    cached = getattr(request, "_active_memberships", None)
    if cached is None:
        from coproduce.communities.selectors import memberships_of_user

        cached = [m for m in memberships_of_user(user=request.user) if m.is_active]
        request._active_memberships = cached
    return cached


def current_community(request):
    """The community and membership a page is about, plus the person's other communities for the switcher.

    The list of communities is loaded only if a template uses it.
    """
    context = {
        "community": getattr(request, "community", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": [],
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["my_memberships"] = SimpleLazyObject(lambda: _active_memberships(request))
    return context


def community_navigation(request):
    community = getattr(request, "community", None)
    membership = getattr(request, "membership", None)
    if community is None or membership is None:
        return {"community_nav_items": []}
    from coproduce.core.navigation import community_nav_items

    return {"community_nav_items": community_nav_items(community, membership, request.path)}
