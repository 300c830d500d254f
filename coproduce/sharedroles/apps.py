from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharedrolesConfig(AppConfig):
    name = "coproduce.sharedroles"
    verbose_name = _("Shared roles")

    def ready(self) -> None:
        from coproduce.core.navigation import register_nav

        register_nav(_nav_items)


def _nav_items(community, membership) -> list:
    """Shown where the community uses shared roles; coordinators always see it, so they can set it up."""
    from django.urls import reverse

    from coproduce.core.navigation import NavItem
    from coproduce.sharedroles.selectors import is_in_use

    if not (membership.is_coordinator or is_in_use(community=community)):
        return []
    return [NavItem(_("Shared roles"), reverse("sharedroles:rota", args=[community.slug]), "sharedroles", 40)]
