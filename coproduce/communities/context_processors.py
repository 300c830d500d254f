def current_community(request):
    """The community and membership a page is about, plus the person's other communities for the switcher."""
    context = {
        "community": getattr(request, "community", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": [],
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from coproduce.communities.selectors import memberships_of_user

        context["my_memberships"] = [m for m in memberships_of_user(user=user) if m.is_active]
    return context


def community_navigation(request):
    community = getattr(request, "community", None)
    membership = getattr(request, "membership", None)
    if community is None or membership is None:
        return {"community_nav_items": []}
    from coproduce.core.navigation import community_nav_items

    return {"community_nav_items": community_nav_items(community, membership, request.path)}
