from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkupsConfig(AppConfig):
    name = "coproduce.linkups"
    verbose_name = _("Family link-ups")

    def ready(self) -> None:
        from coproduce.core.navigation import register_nav

        register_nav(_nav_items)


def _nav_items(community, membership) -> list:
    """Coordinators always see the programme, so they can start it; coaches once it is in use; members only when
    they belong to a family in it."""
    from django.urls import reverse

    from coproduce.core.navigation import NavItem
    from coproduce.linkups.access import is_staff
    from coproduce.linkups.selectors import households_in_use, viewer_household_ids

    if membership.is_coordinator or (is_staff(membership) and households_in_use(community=community)):
        label = _("Family link-ups")
    elif viewer_household_ids(community=community, viewer=membership):
        label = _("Your family")
    else:
        return []
    return [NavItem(label, reverse("linkups:home", args=[community.slug]), "linkups", 42)]
