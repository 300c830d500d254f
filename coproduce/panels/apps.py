from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "coproduce.panels"
    verbose_name = _("Peer panels")

    def ready(self) -> None:
        from coproduce.core.navigation import register_nav

        register_nav(_nav_items)


def _nav_items(community, membership) -> list:
    """Shown where the community runs a youth court; coordinators always see it, so they can set one up."""
    from django.urls import reverse

    from coproduce.core.navigation import NavItem
    from coproduce.panels.selectors import is_in_use

    if not (membership.is_coordinator or is_in_use(community=community)):
        return []
    return [NavItem(_("Youth court"), reverse("panels:index", args=[community.slug]), "panels", 45)]
