from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _nav(community, membership) -> list:
    from django.urls import reverse

    from coproduce.core.navigation import NavItem

    slug = community.slug
    items = [
        NavItem(_("Members"), reverse("communities:members", args=[slug]), "members", 10),
        NavItem(_("My profile"), reverse("communities:my_profile", args=[slug]), "profile", 12),
    ]
    if membership.is_coordinator:
        items += [
            NavItem(_("Applications"), reverse("communities:applications", args=[slug]), "applications", 80),
            NavItem(_("Checks"), reverse("communities:checks", args=[slug]), "checks", 82),
            NavItem(_("Organisations"), reverse("communities:organisations", args=[slug]), "organisations", 84),
        ]
    if membership.is_admin:
        items += [
            NavItem(_("Settings"), reverse("communities:settings", args=[slug]), "settings", 90),
            NavItem(_("Audit log"), reverse("communities:audit", args=[slug]), "audit", 92),
        ]
    return items


class CommunitiesConfig(AppConfig):
    name = "coproduce.communities"
    verbose_name = _("Communities")

    def ready(self) -> None:
        from coproduce.core.navigation import register_nav

        register_nav(_nav)
